package io.leakscan.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mistake in {@code leakscan.yaml} is exit 2 with one line naming the file and the line, before any load. */
class ConfigFileErrorsTest {

    @TempDir
    Path dir;

    private Cli.Result run(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("leakscan.yaml"), yaml.replace('|', '\n'));
        return Cli.runIn(dir, Map.of("TOKEN", "t0ken"), "scan", "--config", file.toString());
    }

    /** Each row: the file (| is a line break), then the message after {@code leakscan: FILE line }. */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
            "target: http://127.0.0.1:9|hedaers: {A: b} => 2: unknown key 'hedaers' in the file; expected one of "
                    + "target, headers, telemetry, openapi, endpoints, profile, echoSpecific, tuning, limits, failOn, "
                    + "failOnInconclusive, outputs",
            "target: http://127.0.0.1:9|openapi:|  source: auto|  inclde: [GET /a] => 4: unknown key 'inclde' in "
                    + "openapi; expected one of source, include, exclude, includeUnsafe",
            "target: http://127.0.0.1:9|profile: fast => 2: profile must be one of deep, memory, quick (got 'fast')",
            "target: http://127.0.0.1:9|headers:|  Authorization: Bearer ${API_TOKEN} => 3: headers.Authorization "
                    + "refers to ${API_TOKEN}, which is not set in the environment",
            "target: http://127.0.0.1:9|headers:|  Authorization: Bearer ${API-TOKEN} => 3: headers.Authorization: "
                    + "'${API-TOKEN}' is not a variable reference; write ${NAME} (letters, digits and _), or $${ for a literal ${",
            "target: http://127.0.0.1:9|limits:|  rps: lots => 3: limits.rps must be a whole number from 1 to 1000000 "
                    + "(got 'lots')",
            "target: http://127.0.0.1:9|tuning:|  loadRounds: 51 => 3: tuning.loadRounds must be a whole number from 1 "
                    + "to 50 (got '51')",
            "target: http://127.0.0.1:9|tuning:|  rounds: 5 => 3: unknown key 'rounds' in tuning; expected one of "
                    + "baselineSeconds, loadRounds, requestsPerRound, concurrency, requestsPerSecond, settleSeconds, "
                    + "abortRequests, abortAfterMillis, keyRequests",
            "target: http://127.0.0.1:9|echoSpecific: yes => 2: echoSpecific must be true or false (got 'yes')",
            "target: ftp://x => 1: invalid target 'ftp://x': must be an absolute http or https URL with a host, e.g. "
                    + "http://127.0.0.1:8080",
            "target: http://127.0.0.1:9|target: http://127.0.0.1:8 => 2: key 'target' appears twice in one mapping "
                    + "(first at line 1)",
            "target: http://127.0.0.1:9|endpoints:|  - GET users => 3: invalid endpoints[0] 'GET users': the path must "
                    + "start with '/'; expected \"METHOD /path\" or \"METHOD /route /path\", e.g. \"GET /users/42\"",
            "target: http://127.0.0.1:9|endpoints:|  - method: GET|    path: /a|    body: {x: 1} => 5: body for "
                    + "endpoints[0] (GET /a): GET requests carry no body; use POST, PUT, PATCH or DELETE",
            "target: http://127.0.0.1:9|endpoints:|  - method: POST|    path: /a|    body: 'x=1' => 5: body for "
                    + "endpoints[0] (POST /a) is not JSON (Unrecognized token 'x': was expecting (JSON String, "
                    + "Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 1); name its type "
                    + "with contentType, e.g. application/x-www-form-urlencoded",
            "target: http://127.0.0.1:9|endpoints:|  - method: POST|    path: /a|    body: '{}'|    bodyFile: a.json"
                    + " => 6: endpoints[0] has both body and bodyFile; give one",
            "target: http://127.0.0.1:9|endpoints:|  - method: POST|    body: '{}' => 3: endpoints[0] needs path",
            "target: http://127.0.0.1:9|endpoints:|  - method: POST|    path: /a|    headers:|      Host: x => 6: "
                    + "invalid endpoints[0].headers Host: the scanner sets this header itself",
            "target: http://127.0.0.1:9|outputs:|  - format: pdf => 3: outputs[0].format: unknown format 'pdf'; use "
                    + "summary, json, sarif, junit, html, markdown, github or codequality",
            "target: http://127.0.0.1:9|failOn: severe => 2: failOn must be one of critical, high, info, low, medium, "
                    + "none (got 'severe')",
            "target: http://127.0.0.1:9|openapi:|  include: [GET /a] => 3: openapi needs a source: a file, an http(s) "
                    + "URL or auto",
            "target: http://127.0.0.1:9|headers: Bearer x => 2: headers must be a mapping of header names to values, "
                    + "e.g. Authorization: Bearer ${TOKEN}",
            "- target => 1: the file must be a mapping of target, headers, telemetry, openapi, endpoints, profile, "
                    + "echoSpecific, tuning, limits, failOn, failOnInconclusive, outputs",
    })
    void aMistakeNamesItsLine(String yaml, String message) throws IOException {
        Cli.Result r = run(yaml);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.toString()).isEqualTo("leakscan: " + dir.resolve("leakscan.yaml") + " line "
                + message + "\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBodyFileThatIsMissingIsNamedWithItsPath() throws IOException {
        Cli.Result r = run("target: http://127.0.0.1:9|endpoints:|  - method: POST|    path: /a|"
                + "    bodyFile: bodies/a.json");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("leakscan: " + dir.resolve("leakscan.yaml") + " line 5: cannot read bodyFile "
                + "bodies/a.json for endpoints[0] (POST /a): " + dir.resolve("bodies/a.json") + ": no such file\n");
    }

    @Test
    void yamlThatDoesNotParseNamesTheLine() throws IOException {
        Cli.Result r = run("target: http://127.0.0.1:9|headers:|  A: [b|profile: quick");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("leakscan: " + dir.resolve("leakscan.yaml") + " line ").contains(
                ": not valid YAML: ").doesNotContain("\n  ");
    }

    @Test
    void aSecretNeverAppearsInAnError() throws IOException {
        Cli.Result r = run("target: http://127.0.0.1:9|headers:|  Authorization: \"Bearer ${TOKEN}\\r\\nX: y\"");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("line 3: invalid headers Authorization: the value contains a line break")
                .doesNotContain("t0ken");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Cli.Result r = Cli.runIn(dir, Map.of(), "scan", "--config", "nope.yaml");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("leakscan: cannot read the config file nope.yaml: no such file\n");
    }

    @Test
    void configAndNoConfigExcludeEachOther() {
        Cli.Result r = Cli.runIn(dir, Map.of(), "scan", "--config", "a.yaml", "--no-config");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("leakscan: --config and --no-config exclude each other\n");
    }
}
