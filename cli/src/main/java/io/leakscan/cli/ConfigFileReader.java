package io.leakscan.cli;

import io.leakscan.cli.YamlTree.Mapping;
import io.leakscan.cli.YamlTree.Node;
import io.leakscan.cli.YamlTree.Scalar;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.inventory.DescriptionSource;
import io.leakscan.inventory.InventoryException;
import io.leakscan.target.Endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads {@code leakscan.yaml} against its schema (docs/config-file.md). Every mistake is one line naming the file and
 * the line, exit 2: an unknown key, a value of the wrong kind, a value the command line would refuse, or a
 * {@code ${VAR}} that is not set. The values are checked by the same rules as the options they stand for.
 */
final class ConfigFileReader {

    private static final List<String> TOP = List.of("target", "headers", "telemetry", "openapi", "endpoints",
            "profile", "echoSpecific", "tuning", "limits", "failOn", "failOnInconclusive", "outputs");
    private static final List<String> TELEMETRY = List.of("url", "headers", "paths");
    private static final List<String> OPENAPI = List.of("source", "include", "exclude", "includeUnsafe");
    private static final List<String> ENDPOINT = List.of("method", "path", "route", "body", "bodyFile",
            "contentType", "headers");
    private static final List<String> LIMITS = List.of("rps", "concurrency", "maxDuration");
    private static final List<String> OUTPUT = List.of("format", "output");
    private static final Set<String> PROFILES = Set.of("quick", "memory", "deep");
    private static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low", "info", "none");

    private final String name;
    private final Path base;
    private final ConfigValues values;

    private ConfigFileReader(Path file, Map<String, String> env) {
        this.name = file.toString();
        this.base = file.toAbsolutePath().getParent();
        this.values = new ConfigValues(name, env);
    }

    static ConfigFile read(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.usage("cannot read the config file " + file + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw CliException.usage("cannot read the config file " + file + ": " + (e instanceof IOException io
                    ? Inputs.reason(io) : "it is not UTF-8 text"));
        }
        return new ConfigFileReader(file, env).document(YamlTree.parse(text, file.toString()), file);
    }

    private ConfigFile document(Node root, Path file) {
        if (root == null) {
            return new ConfigFile(file, null, Map.of(), null, Map.of(), List.of(), null, List.of(), List.of(), null,
                    List.of(), null, null, Tuning.NONE, null, null, null, null, null, List.of());
        }
        Mapping top = values.mapping(root, "the file", TOP);
        String target = opt(top, "target", n -> check(n, () -> Inputs.httpUrl("target", values.string(n, "target"))
                .toString()));
        Map<String, String> headers = opt(top, "headers", n -> headers(n, "headers"), Map.of());
        Mapping telemetry = opt(top, "telemetry", n -> values.mapping(n, "telemetry", TELEMETRY));
        String telemetryUrl = telemetry == null ? null : opt(telemetry, "url", n -> check(n, () -> Inputs.targetUrl(
                "telemetry.url", values.string(n, "telemetry.url")).toString()));
        Map<String, String> telemetryHeaders = telemetry == null ? Map.of()
                : opt(telemetry, "headers", n -> headers(n, "telemetry.headers"), Map.of());
        List<String> telemetryPaths = telemetry == null ? List.of()
                : opt(telemetry, "paths", this::telemetryPaths, List.of());
        Mapping openapi = opt(top, "openapi", n -> values.mapping(n, "openapi", OPENAPI));
        String source = openapi == null ? null : opt(openapi, "source", this::source);
        List<String> include = openapi == null ? List.of()
                : opt(openapi, "include", n -> values.strings(n, "openapi.include"), List.of());
        List<String> exclude = openapi == null ? List.of()
                : opt(openapi, "exclude", n -> values.strings(n, "openapi.exclude"), List.of());
        Boolean unsafe = openapi == null ? null : opt(openapi, "includeUnsafe",
                n -> values.bool(n, "openapi.includeUnsafe"));
        if (openapi != null && source == null) {
            throw values.error(openapi, "openapi needs a source: a file, an http(s) URL or auto");
        }
        List<ScanEndpoint> endpoints = opt(top, "endpoints", this::endpoints, List.of());
        String profile = opt(top, "profile", n -> values.oneOf(n, "profile", PROFILES));
        Boolean echoSpecific = opt(top, "echoSpecific", n -> values.bool(n, "echoSpecific"));
        Tuning tuning = opt(top, "tuning", this::tuning, Tuning.NONE);
        Mapping limits = opt(top, "limits", n -> values.mapping(n, "limits", LIMITS));
        Integer rps = limits == null ? null : opt(limits, "rps", n -> values.integer(n, "limits.rps", 1, 1_000_000));
        Integer concurrency = limits == null ? null
                : opt(limits, "concurrency", n -> values.integer(n, "limits.concurrency", 1, 1_000_000));
        String maxDuration = limits == null ? null : opt(limits, "maxDuration", n -> {
            String d = values.string(n, "limits.maxDuration");
            check(n, () -> Inputs.duration("limits.maxDuration", d));
            return d;
        });
        String failOn = opt(top, "failOn", n -> values.oneOf(n, "failOn", SEVERITIES));
        Boolean failOnInconclusive = opt(top, "failOnInconclusive", n -> values.bool(n, "failOnInconclusive"));
        List<ConfigFile.Output> outputs = opt(top, "outputs", this::outputs, List.of());
        return new ConfigFile(file, target, headers, telemetryUrl, telemetryHeaders, telemetryPaths, source, include,
                exclude, unsafe, endpoints, profile, echoSpecific, tuning, rps, concurrency, maxDuration, failOn,
                failOnInconclusive, outputs);
    }

    private List<String> telemetryPaths(Node n) {
        List<String> paths = values.strings(n, "telemetry.paths");
        for (String p : paths) {
            if (!p.startsWith("/") || p.chars().anyMatch(c -> c <= 0x20)) {
                throw values.error(n, "telemetry.paths: '" + p + "' is not a path starting with '/', e.g. /debug/vars");
            }
        }
        return paths;
    }

    private Map<String, String> headers(Node n, String key) {
        Map<String, String> raw = values.stringMap(n, key);
        List<String> lines = raw.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
        return check(n, () -> Inputs.headers(lines, key));
    }

    /** A file is relative to this file's directory, so the file works from any working directory. */
    private String source(Node n) {
        String value = values.string(n, "openapi.source");
        DescriptionSource parsed;
        try {
            parsed = DescriptionSource.parse(value);
        } catch (InventoryException e) {
            throw values.error(n, "openapi.source: " + e.getMessage());
        }
        return parsed instanceof DescriptionSource.File f ? base.resolve(f.path()).normalize().toString() : value;
    }

    private List<ScanEndpoint> endpoints(Node n) {
        List<Node> items = values.sequence(n, "endpoints");
        List<ScanEndpoint> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(endpoint(items.get(i), "endpoints[" + i + "]"));
        }
        return out;
    }

    /** {@code "METHOD /route /path"} as --endpoint takes it, or a mapping with the body and headers too. */
    private ScanEndpoint endpoint(Node n, String key) {
        if (n instanceof Scalar) {
            String spec = values.string(n, key);
            return check(n, () -> Inputs.endpoint(key, spec));
        }
        Mapping m = values.mapping(n, key, ENDPOINT);
        String method = values.string(required(m, "method", key), key + ".method");
        String path = values.string(required(m, "path", key), key + ".path");
        String route = opt(m, "route", r -> values.string(r, key + ".route"));
        String spec = method + " " + (route == null ? path : route + " " + path);
        ScanEndpoint e = check(m, () -> Inputs.endpoint(key, spec));
        Node body = m.entries().get("body");
        Node bodyFile = m.entries().get("bodyFile");
        if (body != null && bodyFile != null) {
            throw values.error(bodyFile, key + " has both body and bodyFile; give one");
        }
        String data = body != null ? values.body(body, key + ".body")
                : bodyFile != null ? "@" + values.string(bodyFile, key + ".bodyFile") : null;
        String type = opt(m, "contentType", t -> values.string(t, key + ".contentType"));
        Map<String, String> headers = opt(m, "headers", h -> headers(h, key + ".headers"), Map.of());
        Node at = body != null ? body : bodyFile != null ? bodyFile : m;
        String where = key + " (" + e.route() + ")";
        BodyInput.Body b = check(at, () -> BodyInput.of(e.request().ref(), data, type, base, where,
                BodyInput.Words.CONFIG_KEYS));
        Endpoint r = e.request();
        return new ScanEndpoint(e.route(), new Endpoint(r.method(), r.path(), b.text(),
                b.contentType(), headers));
    }

    private Tuning tuning(Node n) {
        Mapping m = values.mapping(n, "tuning", List.copyOf(Tuning.BOUNDS.keySet()));
        Map<String, Integer> v = new LinkedHashMap<>();
        m.entries().forEach((k, node) -> {
            int[] range = Tuning.BOUNDS.get(k);
            v.put(k, values.integer(node, "tuning." + k, range[0], range[1]));
        });
        return Tuning.of(v);
    }

    private List<ConfigFile.Output> outputs(Node n) {
        List<ConfigFile.Output> out = new ArrayList<>();
        List<Node> items = values.sequence(n, "outputs");
        for (int i = 0; i < items.size(); i++) {
            String key = "outputs[" + i + "]";
            Mapping m = values.mapping(items.get(i), key, OUTPUT);
            Node formatNode = required(m, "format", key);
            String format = values.string(formatNode, key + ".format");
            try {
                Outputs.parseFormat(format);
            } catch (CliException e) {
                throw values.error(formatNode, key + ".format: unknown format '" + format + "'; use summary, json, "
                        + "sarif, junit, html, markdown, github or codequality");
            }
            String file = opt(m, "output", o -> values.string(o, key + ".output"));
            out.add(new ConfigFile.Output(format, file == null ? null : base.resolve(file).normalize()));
        }
        return out;
    }

    private Node required(Mapping m, String key, String where) {
        Node n = m.entries().get(key);
        if (n == null) {
            throw values.error(m, where + " needs " + key);
        }
        return n;
    }

    private static <T> T opt(Mapping m, String key, Function<Node, T> read) {
        return opt(m, key, read, null);
    }

    private static <T> T opt(Mapping m, String key, Function<Node, T> read, T absent) {
        Node n = m.entries().get(key);
        return n == null || n instanceof Scalar s && s.value() == null && absent != null ? absent : read.apply(n);
    }

    /** Runs the command line's own check of a value, its message then pointing at the line. */
    private <T> T check(Node n, Supplier<T> check) {
        try {
            return check.get();
        } catch (CliException e) {
            throw values.error(n, e.getMessage());
        }
    }
}
