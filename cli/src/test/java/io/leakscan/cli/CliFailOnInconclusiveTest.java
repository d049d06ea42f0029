package io.leakscan.cli;

import io.leakscan.analysis.Severity;
import io.leakscan.report.ReportJson;
import io.leakscan.report.ScanReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --fail-on-inconclusive}: an INCONCLUSIVE verdict exits 1 instead of passing CI as 0. */
class CliFailOnInconclusiveTest {

    private static ScanReport golden(String name) throws IOException {
        String json;
        try (InputStream in = getResource("/report/golden/" + name + ".json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // one instant for every timestamp, so the duration reads 0 (as SummaryTest does)
        json = json.replace("{{instant}}", "2026-11-29T12:00:00Z").replaceAll("\"durationMs\" : \\d+",
                "\"durationMs\" : 0");
        return ReportJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static InputStream getResource(String path) {
        return CliFailOnInconclusiveTest.class.getResourceAsStream(path);
    }

    @Test
    void inconclusiveExitsOneOnlyWhenAsked() throws IOException {
        ScanReport inconclusive = golden("inconclusive");
        assertThat(Reports.exitCode(inconclusive, Severity.HIGH)).isEqualTo(ExitCodes.OK);
        assertThat(Reports.exitCode(inconclusive, Severity.HIGH, true)).isEqualTo(ExitCodes.FINDINGS);
        assertThat(Reports.exitCode(inconclusive, null, true)).isEqualTo(ExitCodes.FINDINGS);
        assertThat(Reports.exitCode(golden("clean"), Severity.HIGH, true)).isEqualTo(ExitCodes.OK);
        assertThat(Reports.exitCode(golden("failed"), Severity.HIGH, true)).as("a scan that did not complete stays 3")
                .isEqualTo(ExitCodes.INCOMPLETE);
    }

    @Test
    void theReasonForExitOneIsSaid() throws IOException {
        StringWriter err = new StringWriter();
        int code = Reports.finish(golden("inconclusive"), Outputs.of(java.util.List.of(), false), (o, r) -> "",
                Severity.HIGH, true, new PrintWriter(new StringWriter()), new PrintWriter(err), false);
        assertThat(code).isEqualTo(ExitCodes.FINDINGS);
        assertThat(err).hasToString("leakscan: the verdict is INCONCLUSIVE and --fail-on-inconclusive is set "
                + "(exit 1)\n");
    }
}
