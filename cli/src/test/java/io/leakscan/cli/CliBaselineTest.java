package io.leakscan.cli;

import io.leakscan.lab.Repo;
import io.leakscan.analysis.Severity;
import io.leakscan.baseline.Baseline;
import io.leakscan.baseline.FindingFingerprint;
import io.leakscan.report.ReportJson;
import io.leakscan.report.ScanReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Baselines on the CLI: broken files are a usage error before any scan (exit 2 with file and line), and a report
 * compared with a baseline exits on new findings only. Uses the golden stream-leaky JSON report as "previous.json".
 */
class CliBaselineTest {

    static final Path GOLDEN = Repo.path("engine/src/test/resources/report/golden/stream-leaky.json");
    static final String URL = "http://127.0.0.1:9";

    @TempDir
    static Path shared;
    static Path PREVIOUS;

    /** The golden report with its normalized instants filled in, as a real previous.json would have them. */
    static ScanReport previous() throws IOException {
        PREVIOUS = shared.resolve("previous.json");
        String json = Files.readString(GOLDEN)
                .replace("\"finishedAt\" : \"{{instant}}\"", "\"finishedAt\" : \"2026-11-29T16:45:29.400Z\"")
                .replace("{{instant}}", "2026-11-29T16:45:00Z");
        Files.writeString(PREVIOUS, json);
        try (InputStream in = Files.newInputStream(PREVIOUS)) {
            return ReportJson.read(in);
        }
    }

    static void usage(Cli.Result r, String line) {
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errors()).as(r.toString()).isEqualTo(line);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void malformedIgnoreFilesAndBaselinesAreUsageErrorsWithTheLine(@TempDir Path dir) throws IOException {
        Path ignore = Files.writeString(dir.resolve("ignore"), "# accepted\n\nnot-a-fingerprint because\n");
        usage(Cli.run("scan", URL, "--ignore-file", ignore.toString()), "leakscan: " + ignore
                + " line 3: 'not-a-fingerprint' is not a finding fingerprint (32 lower-case hex digits, the SARIF "
                + "partialFingerprints \"leakscanFinding/v1\" or the JSON report's baseline fingerprint)");

        Path broken = Files.writeString(dir.resolve("prev.json"), "{\n  \"schemaVersion\": 2,\n  \"scan\": ]\n}\n");
        Cli.Result r = Cli.run("scan", URL, "--baseline", broken.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errors()).startsWith("leakscan: --baseline " + broken + " line 3").contains("not a Leakscan JSON report");

        Path notReport = Files.writeString(dir.resolve("other.json"), "{\"schemaVersion\": 99}\n");
        Cli.Result other = Cli.run("results", "x", "--server", URL, "--api-key", "k", "--baseline",
                notReport.toString());
        assertThat(other.code()).as(other.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.errors()).contains("--baseline " + notReport + ": not a Leakscan JSON report",
                "unsupported report schemaVersion 99");

        usage(Cli.run("scan", URL, "--baseline", dir.resolve("missing.json").toString()),
                "leakscan: cannot read --baseline " + dir.resolve("missing.json") + ": no such file or directory");
        usage(Cli.run("scan", URL, "--ignore-file", dir.resolve("nope").toString()),
                "leakscan: cannot read --ignore-file " + dir.resolve("nope") + ": no such file or directory");
    }

    @Test
    void aPreviousReportMakesItsFindingsKnownSoOnlyNewOnesFail() throws IOException {
        ScanReport report = previous();
        assertThat(Reports.exitCode(report, Severity.LOW)).isEqualTo(ExitCodes.FINDINGS);

        Baseline all = BaselineOptions.fromReport(PREVIOUS);
        assertThat(all.entries()).hasSize((int) report.findings().stream().map(FindingFingerprint::of).distinct()
                .count());
        Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
        ScanReport compared = Reports.compare(report, all, clock);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Outputs summaryOnly = Outputs.of(List.of(), true);
        int code = Reports.finish(compared, summaryOnly, (o, r) -> new Summary(false).render(r),
                Severity.LOW, new PrintWriter(out), new PrintWriter(err), false);
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).startsWith("leakscan: no new finding at or above low; ")
                .contains("known finding");
        assertThat(out.toString()).contains("[known]", "known: in the baseline report (scan ",
                "Baseline " + PREVIOUS + ": 0 new, ").doesNotContain("[new]");
    }

    @Test
    void anExpiredEntrySuppressesNothingAndTheSummarySaysSo(@TempDir Path dir) throws IOException {
        ScanReport report = previous();
        String fp = FindingFingerprint.of(report.findings().getFirst());
        Path ignore = Files.writeString(dir.resolve(".leakscanignore"),
                fp + " expires:2026-11-30 stream leak, fix in #142\n");
        Baseline b = BaselineOptions.fromIgnoreFile(ignore, ".leakscanignore");
        ScanReport compared = Reports.compare(report, b,
                Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Reports.finish(compared, Outputs.of(List.of(), true), (o, r) -> new Summary(false).render(r),
                report.findings().getFirst().severity(), new PrintWriter(out), new PrintWriter(err), false);
        assertThat(code).isEqualTo(ExitCodes.FINDINGS);
        assertThat(err.toString()).contains(" new finding").contains("(exit 1)");
        assertThat(out.toString()).contains("Expired baseline entry " + fp + " (.leakscanignore:1, expired "
                + "2026-11-30): no longer suppresses its finding · stream leak, fix in #142", "[new]",
                "fingerprint " + fp);
    }

    @Test
    void theWorkingDirectorysLeakscanignoreIsReadWhenPresent(@TempDir Path dir) throws IOException {
        BaselineOptions none = new BaselineOptions();
        assertThat(none.load(dir)).isNull();
        Files.writeString(dir.resolve(".leakscanignore"), "0123456789abcdef0123456789abcdef accepted\n");
        assertThat(none.load(dir).entries()).singleElement()
                .satisfies(e -> assertThat(e.origin()).isEqualTo(".leakscanignore:1"));
    }
}
