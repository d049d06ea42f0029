package io.leakscan.scan;

import io.leakscan.lab.LabAppExtension;
import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
        CliProcess r = cli("scan", leaky.baseUrl().toString(), "--profile", "quick",
                "--endpoint", "GET /reports/:id /reports/7", "--server", server(), "--api-key", KEY,
                "--format", "sarif", "--output", dir.resolve("r.sarif").toString(),
                "--format", "json", "--output", dir.resolve("r.json").toString(),
                "--format", "summary");

        assertThat(r.code()).as(r.toString()).as("exit 1: findings at or above --fail-on").isEqualTo(1);
        Matcher m = SUBMITTED.matcher(r.err());
        assertThat(m.find()).as(r.toString()).isTrue();
        String id = m.group(1);
        assertThat(r.err()).as("progress lines from the scan resource").contains("] running");
        assertThat(Files.readString(dir.resolve("r.sarif"))).contains("\"version\" : \"2.1.0\"",
                "\"ruleId\" : \"HEAP_GROWTH\"");
        assertThat(Files.readString(dir.resolve("r.json"))).contains("\"id\" : \"" + id + "\"", "HEAP_GROWTH");
        assertThat(r.out()).contains("Verdict: LEAKS FOUND", "HEAP_GROWTH · handler · GET /reports/:id");

        // The same scan's reports again, later, by id.
        CliProcess again = cli("results", id, "--server", server(), "--api-key", KEY, "--format", "markdown");
        assertThat(again.code()).as(again.toString()).as("exit 1: findings at or above --fail-on").isEqualTo(1);
        assertThat(again.out()).contains("GET /reports/:id");
        CliProcess lenient = cli("results", id, "--server", server(), "--api-key", KEY, "--fail-on", "critical",
                "--quiet");
        assertThat(lenient.code()).as(lenient.toString()).isEqualTo(0);
    }

    @Test
    void aServerScanOfAnUnreachableTargetExits3WithItsFailedReport(@TempDir Path dir) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliProcess r = cli("scan", "http://127.0.0.1:" + closed, "--server", server(), "--api-key", KEY,
                "--quiet", "--format", "junit", "--output", dir.resolve("r.xml").toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).as(r.toString()).startsWith("leakscan: the scan did not complete (CONNECTION_REFUSED): ")
                .hasLineCount(1);
        assertThat(Files.readString(dir.resolve("r.xml"))).contains("CONNECTION_REFUSED");
    }

    @Test
    void aRejectedKeyExits2() throws IOException {
        CliProcess r = cli("scan", leaky.baseUrl().toString(), "--server", server(), "--api-key", "lsk_wrong");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("leakscan: the server rejected the API key (401)\n");

        CliProcess results = cli("results", "3f2c1e9a-0000-4000-8000-000000000000", "--server", server(),
                "--api-key", "lsk_wrong");
        assertThat(results.code()).isEqualTo(2);
        assertThat(results.err()).isEqualTo("leakscan: the server rejected the API key (401)\n");
    }

    @Test
    void anUnknownScanExits2AndAnUnreachableServerExits3() throws IOException {
        CliProcess unknown = cli("results", "3f2c1e9a-0000-4000-8000-000000000000", "--server", server(),
                "--api-key", KEY);
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("leakscan: scan 3f2c1e9a-0000-4000-8000-000000000000 or its report "
                + "not found on " + server() + " (404)").hasLineCount(1);

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliProcess down = cli("scan", leaky.baseUrl().toString(), "--server", "http://127.0.0.1:" + closed,
                "--api-key", KEY);
        assertThat(down.code()).as(down.toString()).isEqualTo(3);
        assertThat(down.err()).isEqualTo("leakscan: cannot reach the server at http://127.0.0.1:" + closed
                + ": connection refused\n");
    }

    /** What the CLI process did: its exit code and what it wrote. */
    record CliProcess(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /**
     * Runs the CLI jar the build packaged in cli/target (the cli module comes before the service in the reactor) with
     * this JVM's java, as a user's {@code java -jar} would: the service module does not put the CLI on its classpath.
     */
    static CliProcess cli(String... args) throws IOException {
        Path jar;
        try (Stream<Path> jars = Files.list(Repo.path("cli", "target"))) {
            jar = jars.filter(j -> j.getFileName().toString().matches("leakscan-cli-.*\\.jar")
                            && !j.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no cli/target/leakscan-cli-*.jar: "
                            + "build the cli module first (./mvnw verify builds it before the service)"));
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        Process p = new ProcessBuilder(command).directory(Repo.root().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(4, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the CLI did not end within 4 minutes: " + Files.readString(err));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try {
            return new CliProcess(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
