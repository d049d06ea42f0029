package io.leakscan.cli;

import io.leakscan.engine.ScanEndpoint;
import io.leakscan.target.Endpoint;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Endpoints with their bodies and headers, from the command line ({@code --endpoint "POST /orders" --data @o.json
 * --content-type application/json}: {@code --data} and {@code --content-type} belong to the {@code --endpoint} they
 * follow) and from {@code --endpoints-file} lines in the same syntax, where a line may also carry {@code --header}s of
 * its own.
 */
final class EndpointInputs {

    static final String ENDPOINT = "--endpoint";
    static final String DATA = "--data";
    static final String CONTENT_TYPE = "--content-type";
    private static final String HEADER = "--header";

    private EndpointInputs() {
    }

    /** The {@code --endpoint}s in order, each with the {@code --data} and {@code --content-type} that follow it. */
    static List<ScanEndpoint> fromCommandLine(ParseResult parsed, Path cwd) {
        List<String> endpoints = values(parsed, ENDPOINT);
        List<String> data = values(parsed, DATA);
        List<String> types = values(parsed, CONTENT_TYPE);
        List<Pending> out = new ArrayList<>();
        int e = 0;
        int d = 0;
        int t = 0;
        for (ArgSpec arg : parsed.matchedArgs()) {
            if (!(arg instanceof OptionSpec option)) {
                continue;
            }
            switch (option.longestName()) {
                case ENDPOINT -> out.add(new Pending(endpoints.get(e++)));
                case DATA -> last(out, DATA).data(data.get(d++));
                case CONTENT_TYPE -> last(out, CONTENT_TYPE).contentType(types.get(t++));
                default -> { }
            }
        }
        return out.stream().map(p -> p.build(ENDPOINT, cwd, Map.of())).toList();
    }

    private static List<String> values(ParseResult parsed, String option) {
        return parsed.hasMatchedOption(option) ? parsed.matchedOption(option).stringValues() : List.of();
    }

    private static Pending last(List<Pending> pending, String option) {
        if (pending.isEmpty()) {
            throw CliException.usage(option + " must follow the --endpoint it belongs to, e.g. --endpoint "
                    + "\"POST /orders\" " + option + (option.equals(DATA) ? " @order.json" : " application/json"));
        }
        return pending.getLast();
    }

    /**
     * One endpoint per line: {@code METHOD /path} or {@code METHOD /route /path}, optionally followed by
     * {@code --data TEXT|@FILE}, {@code --content-type TYPE} and {@code --header "Name: value"} (repeatable), quoted
     * as in a shell. {@code @FILE} is relative to the endpoints file. Blank lines and {@code #} comments are skipped.
     */
    static List<ScanEndpoint> fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.usage("cannot read --endpoints-file " + file + ": no such file");
        } catch (IOException e) {
            throw CliException.usage("cannot read --endpoints-file " + file + ": " + Inputs.reason(e));
        }
        Path base = file.toAbsolutePath().getParent();
        List<ScanEndpoint> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            out.add(line("endpoint in " + file + " line " + (i + 1), line, base));
        }
        if (out.isEmpty()) {
            throw CliException.usage("--endpoints-file " + file + " lists no endpoint (one \"METHOD /path\" per line)");
        }
        return out;
    }

    private static ScanEndpoint line(String where, String line, Path base) {
        List<String> words = ShellWords.split(line, where);
        int options = 0;
        while (options < words.size() && !words.get(options).startsWith("--")) {
            options++;
        }
        Pending p = new Pending(String.join(" ", words.subList(0, options)));
        List<String> headers = new ArrayList<>();
        for (int i = options; i < words.size(); i++) {
            String word = words.get(i);
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (!name.equals(DATA) && !name.equals(CONTENT_TYPE) && !name.equals(HEADER)) {
                throw CliException.usage("invalid " + where + ": unknown option '" + name + "'; a line takes "
                        + "--data, --content-type and --header");
            }
            String value;
            if (eq >= 0) {
                value = word.substring(eq + 1);
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw CliException.usage("invalid " + where + ": " + name + " needs a value");
            }
            switch (name) {
                case DATA -> p.data(value);
                case CONTENT_TYPE -> p.contentType(value);
                default -> headers.add(value);
            }
        }
        return p.build(where, base, Inputs.headers(headers, "--header on " + where));
    }

    /** An endpoint being read: its {@code METHOD /path} and what followed it. */
    private static final class Pending {
        private final String spec;
        private String data;
        private String contentType;

        Pending(String spec) {
            this.spec = spec;
        }

        void data(String value) {
            if (data != null) {
                throw CliException.usage("--endpoint \"" + spec + "\" has two --data; give one body per endpoint");
            }
            data = value;
        }

        void contentType(String value) {
            if (contentType != null) {
                throw CliException.usage("--endpoint \"" + spec + "\" has two --content-type");
            }
            contentType = value;
        }

        ScanEndpoint build(String source, Path base, Map<String, String> headers) {
            ScanEndpoint e = Inputs.endpoint(source, spec);
            String where = source.equals(ENDPOINT) ? "--endpoint \"" + spec + "\"" : source;
            BodyInput.Body body = BodyInput.of(e.request().ref(), data, contentType, base, where);
            Endpoint r = e.request();
            return new ScanEndpoint(e.route(), new Endpoint(r.method(), r.path(), body.text(), body.contentType(),
                    headers));
        }
    }
}
