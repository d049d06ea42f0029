package io.leakscan.cli;

import io.leakscan.analysis.Severity;
import io.leakscan.lab.LabAppExtension;
import io.leakscan.report.ReportJson;
import io.leakscan.report.ScanReport;
import io.leakscan.engine.ScanEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI against real lab apps, in-process (the engine, no server): a leak exits 1 with the finding in every
 * format, its fixed twin exits 0, an unreachable target exits 3. One endpoint each and the quick profile.
 */
class CliScanIT {

    @RegisterExtension
    static LabAppExtension leaky = LabAppExtension.of("heap-slice-leaky");

    @RegisterExtension
    static LabAppExtension fixed = LabAppExtension.of("heap-slice-fixed");

    @Test
    void aLeakExits1WithTheFindingInEveryFormatAndTheSummary(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("scan", leaky.baseUrl().toString(), "--profile", "quick",
                "--endpoint", "GET /reports/:id /reports/7",
                "--format", "json", "--output", dir.resolve("r.json").toString(),
                "--format", "sarif", "--output", dir.resolve("r.sarif").toString(),
                "--format", "junit", "--output", dir.resolve("r.junit.xml").toString(),
                "--format", "html", "--output", dir.resolve("r.html").toString(),
                "--format", "markdown", "--output", dir.resolve("r.md").toString(),
                "--format", "summary");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.errors()).as(r.toString()).matches("leakscan: [1-9][0-9]* findings? at or above high \\(exit 1\\)");
        assertThat(r.err()).as("plain progress lines off a terminal").contains("] preflight\n",
                "] probing GET /reports/:id\n", "] analysis\n").doesNotContain("\r");

        ScanReport report;
        try (InputStream in = Files.newInputStream(dir.resolve("r.json"))) {
            report = ReportJson.read(in);
        }
        assertThat(report.scan().status()).isEqualTo(ScanEnd.SUCCEEDED);
        assertThat(report.scan().profile()).isEqualTo("quick");
        assertThat(report.scan().toolVersion()).isEqualTo(Version.VALUE);
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.kind().name()).isEqualTo("HEAP_GROWTH");
            assertThat(f.endpoint()).as("findings name the route").hasToString("GET /reports/:id");
            assertThat(f.severity().atLeast(Severity.HIGH)).isTrue();
        });
        assertThat(Files.readString(dir.resolve("r.sarif"))).contains("\"version\" : \"2.1.0\"",
                "\"ruleId\" : \"HEAP_GROWTH\"", "GET /reports/:id");
        assertThat(Files.readString(dir.resolve("r.junit.xml"))).contains("<testsuites", "<failure",
                "HEAP_GROWTH", "GET /reports/:id");
        assertThat(Files.readString(dir.resolve("r.html"))).startsWith("<!DOCTYPE html>").contains("HEAP_GROWTH")
                .contains("GET /reports/:id");
        assertThat(Files.readString(dir.resolve("r.md"))).contains("GET /reports/:id").containsIgnoringCase("heap");

        assertThat(r.out()).contains("Verdict: LEAKS FOUND", "HIGH", "HEAP_GROWTH · handler · GET /reports/:id",
                "fix: ").doesNotContain("\u001b[");
    }

    @Test
    void theFixedTwinExits0(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("scan", fixed.baseUrl().toString(), "--profile", "quick",
                "--endpoint", "GET /reports/7", "--quiet", "--format", "junit", "--output",
                dir.resolve("r.xml").toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).as("--quiet: no default summary").isEmpty();
        assertThat(r.err()).as("--quiet: no progress").isEmpty();
        assertThat(Files.readString(dir.resolve("r.xml"))).contains("<testsuites").doesNotContain("HEAP_GROWTH");
    }

    @Test
    void aPlanTooLongForItsDurationLimitExits3BeforeAnyLoad() {
        // quick on 40 endpoints plans ~20,000 requests, well over a minute at 250/s
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("scan",
                fixed.baseUrl().toString(), "--profile", "quick", "--max-duration", "1m", "--quiet"));
        for (int i = 0; i < 40; i++) {
            args.addAll(java.util.List.of("--endpoint", "GET /reports/" + i));
        }
        long t0 = System.nanoTime();
        Cli.Result r = Cli.run(args.toArray(String[]::new));

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(r.errors()).as(r.toString()).startsWith("leakscan: the scan did not complete (PLAN_EXCEEDS_LIMITS): "
                + "quick on 40 endpoints sends about ").contains("above this scan's limit of 1 min");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).as("refused before the baseline and the load")
                .isLessThan(java.time.Duration.ofSeconds(30));
    }

    @Test
    void anUnreachableTargetExits3WithOneLineAndAFailedReport(@TempDir Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("scan", "http://127.0.0.1:" + port, "--profile", "quick", "--format", "json",
                "-o", dir.resolve("r.json").toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(r.errors()).isEqualTo("leakscan: the scan did not complete (CONNECTION_REFUSED): connection "
                + "refused by 127.0.0.1:" + port + " — is the service running?");
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(dir.resolve("r.json"))).contains("\"status\" : \"FAILED\"",
                "CONNECTION_REFUSED", "\"path\" : \"/\"");
    }
}
