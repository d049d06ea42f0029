package io.leakscan.cli;

import io.leakscan.report.ReportJson;
import io.leakscan.report.ScanReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The human summary of the report goldens: verdict, each finding's endpoint, severity, file:line and fix. */
class SummaryTest {

    /** A report golden with its normalized timestamps put back (one instant, so the duration reads 0). */
    private static ScanReport golden(String name) throws IOException {
        String json;
        try (InputStream in = SummaryTest.class.getResourceAsStream("/report/golden/" + name + ".json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        json = json.replace("{{instant}}", "2026-11-29T12:00:00Z").replaceAll("\"durationMs\" : \\d+",
                "\"durationMs\" : 0");
        return ReportJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyOperationTheDescriptionDidNotLoadIsListedWithItsReason() throws IOException {
        String s = new Summary(false).render(golden("shop-heap-keys"));

        assertThat(s).contains("Description https://staging.shop.example:8443/swagger/doc.json: 2 endpoints loaded, 3 "
                + "operations skipped (not scanned):\n"
                + "  skipped DELETE /api/items/:id: excluded by 'DELETE /api/*'\n"
                + "  skipped GET /api/admin/stats: its security needs the X-Admin-Token header (scheme "
                + "AdminToken), which the scan does not send\n"
                + "  skipped GET /api/legacy/ping: deprecated\n");
        assertThat(new Summary(false).render(golden("clean"))).doesNotContain("Description").doesNotContain("skipped");
    }

    @Test
    void aLeakShowsSeverityEndpointsSourceLineAndFix() throws IOException {
        ScanReport r = golden("middleware-leaky");
        String s = new Summary(false).render(r);

        assertThat(s).contains("Verdict: LEAKS FOUND (1 high, 1 medium)");
        assertThat(s).contains("1. HIGH  " + r.findings().getFirst().title());
        assertThat(s).contains("LINGERING_GOROUTINES · middleware · GET /users/:id, GET /hello");
        assertThat(s).contains("at cmd/brief-middleware-leaky/server.go:33 in main.orphanedWork.func1.1 (sleep)");
        assertThat(s).contains("fix: " + r.findings().getFirst().remediation());
        assertThat(s).contains("2. MEDIUM").contains("whole application");
        assertThat(s).doesNotContain("\u001b[");
    }

    @Test
    void colourOnlyWhenAsked() throws IOException {
        assertThat(new Summary(true).render(golden("middleware-leaky"))).contains("\u001b[31m");
    }

    @Test
    void cleanAndFailedScansSayWhatHappened() throws IOException {
        assertThat(new Summary(false).render(golden("clean"))).contains("Verdict: CLEAN");
        ScanReport failed = golden("failed");
        assertThat(new Summary(false).render(failed)).contains("Scan FAILED (" + failed.scan().failure().code() + "): ")
                .contains("Verdict: INCONCLUSIVE");
    }
}
