package io.leakscan.cli;

import picocli.CommandLine.ParseResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Puts a {@link ConfigFile}'s values into {@code scan}'s options wherever the command line did not set them: flags
 * override the file. Lists the command line gives (endpoints, outputs, globs, telemetry paths) replace the file's;
 * headers merge by name, the command line's winning.
 */
final class ConfigDefaults {

    private ConfigDefaults() {
    }

    /** {@code --config FILE}, else {@code ./leakscan.yaml} when present (unless {@code --no-config}), else null. */
    static Path locate(Path explicit, boolean noConfig, Path cwd) {
        if (explicit != null && noConfig) {
            throw CliException.usage("--config and --no-config exclude each other");
        }
        if (explicit != null) {
            return explicit;
        }
        Path found = cwd.resolve(ConfigFile.DEFAULT_NAME);
        return noConfig || !Files.isRegularFile(found) ? null : found;
    }

    static void apply(ConfigFile c, ScanCommand cmd, ParseResult parsed) {
        if (cmd.url == null) {
            cmd.url = c.target();
        }
        cmd.headers = merge(c.headers(), cmd.headers);
        cmd.telemetryHeaders = merge(c.telemetryHeaders(), cmd.telemetryHeaders);
        if (cmd.telemetryUrl == null) {
            cmd.telemetryUrl = c.telemetryUrl();
        }
        if (cmd.telemetry.isEmpty()) {
            cmd.telemetry = new ArrayList<>(c.telemetryPaths());
        }
        if (cmd.openapi == null) {
            cmd.openapi = c.openapi();
        }
        if (cmd.include.isEmpty()) {
            cmd.include = new ArrayList<>(c.include());
        }
        if (cmd.exclude.isEmpty()) {
            cmd.exclude = new ArrayList<>(c.exclude());
        }
        cmd.includeUnsafe |= Boolean.TRUE.equals(c.includeUnsafe());
        if (!parsed.hasMatchedOption(EndpointInputs.ENDPOINT) && cmd.endpointsFile == null) {
            cmd.configEndpoints = c.endpoints();
        }
        if (!parsed.hasMatchedOption("--profile") && c.profile() != null) {
            cmd.profile = c.profile();
        }
        cmd.echoSpecific |= Boolean.TRUE.equals(c.echoSpecific());
        cmd.tuning = c.tuning();
        cmd.rps = cmd.rps != null ? cmd.rps : c.rps();
        cmd.concurrency = cmd.concurrency != null ? cmd.concurrency : c.concurrency();
        cmd.maxDuration = cmd.maxDuration != null ? cmd.maxDuration : c.maxDuration();
        if (!parsed.hasMatchedOption("--fail-on") && c.failOn() != null) {
            cmd.failOn = c.failOn();
        }
        cmd.failOnInconclusive |= Boolean.TRUE.equals(c.failOnInconclusive());
        if (cmd.outputs.isEmpty()) {
            for (ConfigFile.Output o : c.outputs()) {
                FormatOutput f = new FormatOutput();
                f.format = o.format();
                f.output = o.file() == null ? null : o.file().toString();
                cmd.outputs.add(f);
            }
        }
    }

    /** The file's headers, then the command line's: a name given on both keeps the command line's value only. */
    private static List<String> merge(Map<String, String> fromFile, List<String> fromFlags) {
        Set<String> flagged = fromFlags.stream().map(h -> h.indexOf(':') < 0 ? h : h.substring(0, h.indexOf(':')))
                .map(n -> n.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> out = new ArrayList<>();
        fromFile.forEach((name, value) -> {
            if (!flagged.contains(name.toLowerCase(Locale.ROOT))) {
                out.add(name + ": " + value);
            }
        });
        out.addAll(fromFlags);
        return out;
    }
}
