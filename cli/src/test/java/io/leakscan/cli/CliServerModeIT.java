package io.leakscan.cli;

import io.leakscan.lab.LabAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --server} mode against the whole service on a random port (real workers, real PostgreSQL, the engine) and
 * a lab app: submit, follow, fetch the reports; and the server's refusals as exit codes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.worker.scan-timeout=3m")
class CliServerModeIT {

    static final String KEY = "lsk_test_bootstrap_key_000000000000000000000";
    private static final Pattern SUBMITTED = Pattern.compile("leakscan: submitted scan (\\S+) to ");

    @RegisterExtension
    static LabAppExtension leaky = LabAppExtension.of("heap-slice-leaky");

    @LocalServerPort
    int port;

    String server() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void aServerScanIsSubmittedFollowedAndReportedWithTheSameExitCodes(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("scan", leaky.baseUrl().toString(), "--profile", "quick",
                "--endpoint", "GET /reports/:id /reports/7", "--server", server(), "--api-key", KEY,
                "--format", "sarif", "--output", dir.resolve("r.sarif").toString(),
                "--format", "json", "--output", dir.resolve("r.json").toString(),
                "--format", "summary");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FINDINGS);
        Matcher m = SUBMITTED.matcher(r.err());
        assertThat(m.find()).as(r.toString()).isTrue();
        String id = m.group(1);
        assertThat(r.err()).as("progress lines from the scan resource").contains("] running");
        assertThat(Files.readString(dir.resolve("r.sarif"))).contains("\"version\" : \"2.1.0\"",
                "\"ruleId\" : \"HEAP_GROWTH\"");
        assertThat(Files.readString(dir.resolve("r.json"))).contains("\"id\" : \"" + id + "\"", "HEAP_GROWTH");
        assertThat(r.out()).contains("Verdict: LEAKS FOUND", "HEAP_GROWTH · handler · GET /reports/:id");

        // The same scan's reports again, later, by id.
        Cli.Result again = Cli.run("results", id, "--server", server(), "--api-key", KEY, "--format", "markdown");
        assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(again.out()).contains("GET /reports/:id");
        Cli.Result lenient = Cli.run("results", id, "--server", server(), "--api-key", KEY, "--fail-on", "critical",
                "--quiet");
        assertThat(lenient.code()).as(lenient.toString()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aServerScanOfAnUnreachableTargetExits3WithItsFailedReport(@TempDir Path dir) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Cli.Result r = Cli.run("scan", "http://127.0.0.1:" + closed, "--server", server(), "--api-key", KEY,
                "--quiet", "--format", "junit", "--output", dir.resolve("r.xml").toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(r.err()).as(r.toString()).startsWith("leakscan: the scan did not complete (CONNECTION_REFUSED): ")
                .hasLineCount(1);
        assertThat(Files.readString(dir.resolve("r.xml"))).contains("CONNECTION_REFUSED");
    }

    @Test
    void aRejectedKeyExits2() {
        Cli.Result r = Cli.run("scan", leaky.baseUrl().toString(), "--server", server(), "--api-key", "lsk_wrong");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("leakscan: the server rejected the API key (401)\n");

        Cli.Result results = Cli.run("results", "3f2c1e9a-0000-4000-8000-000000000000", "--server", server(),
                "--api-key", "lsk_wrong");
        assertThat(results.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(results.err()).isEqualTo("leakscan: the server rejected the API key (401)\n");
    }

    @Test
    void anUnknownScanExits2AndAnUnreachableServerExits3() throws IOException {
        Cli.Result unknown = Cli.run("results", "3f2c1e9a-0000-4000-8000-000000000000", "--server", server(),
                "--api-key", KEY);
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).startsWith("leakscan: scan 3f2c1e9a-0000-4000-8000-000000000000 or its report "
                + "not found on " + server() + " (404)").hasLineCount(1);

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Cli.Result down = Cli.run("scan", leaky.baseUrl().toString(), "--server", "http://127.0.0.1:" + closed,
                "--api-key", KEY);
        assertThat(down.code()).as(down.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(down.err()).isEqualTo("leakscan: cannot reach the server at http://127.0.0.1:" + closed
                + ": connection refused\n");
    }
}
