package io.leakscan.cli;

import io.leakscan.engine.ScanEndpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code leakscan.yaml} as read and checked: every field is null (or empty) when the file does not set it, so the
 * command line's own defaults apply. Values are already validated, secrets expanded from the environment, and
 * relative paths resolved against the file's directory; the command line overrides each one it sets.
 *
 * @param file            the file read
 * @param target          the base URL
 * @param headers         headers on every request to the target
 * @param telemetryUrl    where telemetry is read when not on the target
 * @param openapi         the description source: a file (resolved), a URL, or {@code auto}
 * @param includeUnsafe   with {@code openapi}, also load POST, PUT, PATCH and DELETE
 * @param endpoints       endpoints with their bodies and headers
 * @param tuning          the profile's parameters, as the API's {@code tuning}
 * @param maxDuration     a duration such as {@code 5m}
 * @param outputs         report formats and their files (resolved); a null file is stdout
 */
record ConfigFile(Path file, String target, Map<String, String> headers, String telemetryUrl,
                  Map<String, String> telemetryHeaders, List<String> telemetryPaths, String openapi,
                  List<String> include, List<String> exclude, Boolean includeUnsafe, List<ScanEndpoint> endpoints,
                  String profile, Boolean echoSpecific, Tuning tuning, Integer rps, Integer concurrency,
                  String maxDuration, String failOn, Boolean failOnInconclusive, List<Output> outputs) {

    static final String DEFAULT_NAME = "leakscan.yaml";

    /** One {@code outputs} entry: a format name (as {@code --format} takes it) and its file, or null for stdout. */
    record Output(String format, Path file) {
    }
}
