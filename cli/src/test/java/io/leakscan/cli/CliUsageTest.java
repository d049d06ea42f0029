package io.leakscan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad command lines end with exit 2 and one precise line on stderr, before any traffic. */
class CliUsageTest {

    private static final String URL = "http://127.0.0.1:9";

    private static void usage(Cli.Result r, String line) {
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.toString()).isEqualTo(line + "\n");
        assertThat(r.out()).as("nothing on stdout").isEmpty();
    }

    @Test
    void anUnknownOptionNamesItAndPointsAtHelp() {
        usage(Cli.run("scan", URL, "--nope"), "leakscan: Unknown option: '--nope' (see 'leakscan scan --help')");
    }

    @Test
    void aMissingUrlIsNamed() {
        usage(Cli.run("scan", "--no-config"), "leakscan: no target: give its URL, e.g. leakscan scan "
                + "http://127.0.0.1:8080, or set target: in leakscan.yaml");
    }

    @Test
    void badUrlsAreRefusedWithWhatIsWrong() {
        String hint = ": must be an absolute http or https URL with a host, e.g. http://127.0.0.1:8080";
        usage(Cli.run("scan", "ftp://127.0.0.1/"), "leakscan: invalid URL 'ftp://127.0.0.1/'" + hint);
        usage(Cli.run("scan", "127.0.0.1:8080"), "leakscan: invalid URL '127.0.0.1:8080'" + hint);
        usage(Cli.run("scan", "http://"), "leakscan: invalid URL 'http://'" + hint);
        usage(Cli.run("scan", "http://bob:secret@127.0.0.1:8080/"), "leakscan: invalid URL "
                + "'http://***@127.0.0.1:8080/': user info is not allowed; pass credentials with --header "
                + "\"Authorization: ...\"");
    }

    @Test
    void anUnknownProfileListsTheKnownOnes() {
        usage(Cli.run("scan", URL, "--profile", "nope"),
                "leakscan: unknown --profile 'nope'; use quick, memory or deep");
    }

    @Test
    void badEndpointSyntaxSaysWhatIsExpected() {
        String expected = "expected \"METHOD /path\" or \"METHOD /route /path\", e.g. \"GET /users/42\"";
        usage(Cli.run("scan", URL, "--endpoint", "/users/42"), "leakscan: invalid --endpoint '/users/42': "
                + expected);
        usage(Cli.run("scan", URL, "--endpoint", "GET users"), "leakscan: invalid --endpoint 'GET users': the path "
                + "must start with '/'; " + expected);
        usage(Cli.run("scan", URL, "--endpoint", "GET /users/:id users/42"), "leakscan: invalid --endpoint "
                + "'GET /users/:id users/42': the path must start with '/'; " + expected);
        usage(Cli.run("scan", URL, "--endpoint", "GET /a /b /c"), "leakscan: invalid --endpoint 'GET /a /b /c': "
                + expected);
        usage(Cli.run("scan", URL, "--endpoint", "FETCH /x"), "leakscan: invalid --endpoint 'FETCH /x': unknown "
                + "method FETCH; use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS");
    }

    @Test
    void anEndpointsFileIsCheckedLineByLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("endpoints.txt");
        Files.writeString(file, "# routes\nGET /users/42\n\nPOST\n");
        usage(Cli.run("scan", URL, "--endpoints-file", file.toString()), "leakscan: invalid endpoint in " + file
                + " line 4 'POST': expected \"METHOD /path\" or \"METHOD /route /path\", e.g. \"GET /users/42\"");
        usage(Cli.run("scan", URL, "--endpoints-file", dir.resolve("missing.txt").toString()),
                "leakscan: cannot read --endpoints-file " + dir.resolve("missing.txt") + ": no such file");
    }

    @Test
    void anUnwritableOutputIsRefusedBeforeTheScan(@TempDir Path dir) {
        Path missingDir = dir.resolve("no-such-dir").resolve("r.json");
        usage(Cli.run("scan", URL, "--format", "json", "--output", missingDir.toString()),
                "leakscan: cannot write --output " + missingDir + ": directory " + missingDir.getParent()
                        + " does not exist");
        usage(Cli.run("scan", URL, "--format", "json", "--output", dir.toString()),
                "leakscan: cannot write --output " + dir + ": it is a directory");
    }

    @Test
    void otherBadValuesAreNamed() {
        usage(Cli.run("scan", URL, "--format", "pdf"),
                "leakscan: unknown --format 'pdf'; use summary, json, sarif, junit, html, markdown, github or codequality");
        usage(Cli.run("scan", URL, "--format", "json", "--format", "sarif"),
                "leakscan: only one --format can go to stdout; give the others an --output FILE");
        usage(Cli.run("scan", URL, "--fail-on", "severe"),
                "leakscan: unknown --fail-on 'severe'; use critical, high, medium, low, info or none");
        usage(Cli.run("scan", URL, "--max-duration", "soon"),
                "leakscan: invalid --max-duration 'soon': a positive duration such as 90s, 5m or 1h");
        usage(Cli.run("scan", URL, "--rps", "0"), "leakscan: invalid --rps 0: a whole number from 1 to 1000000");
        usage(Cli.run("scan", URL, "--rps", "many"), "leakscan: Invalid value for option '--rps': 'many' is not an "
                + "int (see 'leakscan scan --help')");
        usage(Cli.run("scan", URL, "--header", "Authorization Bearer secret-token"),
                "leakscan: invalid --header 'Authorization Bearer...': expected \"Name: value\", e.g. "
                        + "\"Authorization: Bearer ...\"");
        usage(Cli.run("scan", URL, "--telemetry", "debug/vars"),
                "leakscan: invalid --telemetry 'debug/vars': a path starting with '/', e.g. /debug/vars");
    }

    @Test
    void serverModeNeedsAKeyAndAValidServerUrl() {
        usage(Cli.run("scan", URL, "--server", "http://127.0.0.1:9", "--api-key", ""),
                "leakscan: --server needs --api-key KEY (or LEAKSCAN_API_KEY in the environment)");
        usage(Cli.run("scan", URL, "--server", "leakscan.example", "--api-key", "k"),
                "leakscan: invalid --server URL 'leakscan.example': must be an absolute http or https URL with a "
                        + "host, e.g. http://127.0.0.1:8080");
        usage(Cli.run("results", "abc"), "leakscan: Missing required option: '--server=URL' (see 'leakscan results "
                + "--help')");
    }

    @Test
    void versionHelpAndNoCommand() {
        Cli.Result version = Cli.run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("leakscan " + Version.VALUE);
        // the build runs in a git checkout, so the commit is known: 12 hex digits from git-commit-id-maven-plugin
        assertThat(version.out().strip()).matches("leakscan \\S+ \\(commit [0-9a-f]{12}, Java [0-9]+\\)");
        assertThat(Version.VALUE).isNotEqualTo("dev").doesNotStartWith("@");

        Cli.Result help = Cli.run("scan", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--echo-specific", "--profile", "--endpoint", "--endpoints-file", "--header",
                "--telemetry", "--rps", "--concurrency", "--max-duration", "--format", "--output", "--fail-on",
                "--quiet", "--no-color", "--debug", "--server", "--api-key", "Exit codes: 0");

        Cli.Result none = Cli.run();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("Usage: leakscan", "scan", "results");
    }
}
