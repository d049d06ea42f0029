package io.leakscan.report;

import io.leakscan.analysis.LatencyPercentiles;
import io.leakscan.target.EndpointRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 part 6: every format says which wrong inputs each endpoint got. The JSON carries them on the
 * WRONG_INPUTS check (valid against docs/report-schema.json, and absent from the other checks), the HTML in the
 * endpoint's checks, the Markdown in a folded table, SARIF in the run's properties.
 */
class WrongInputsReportTest {

    private static final Instant START = Instant.parse("2026-12-06T07:00:00Z");

    private static ScanReport withInputs() {
        ScanReport r = ReportFixtures.middlewareLeaky("s", START);
        EndpointStats imports = new EndpointStats(new EndpointRef("POST", "/imports"), 3, 600, Map.of("400", 600L),
                Map.of(), new LatencyPercentiles(1, 2, 3), List.of(CheckRun.ran(Check.GOROUTINES),
                CheckRun.ran(Check.WRONG_INPUTS, List.of("empty-body", "malformed-body"))));
        EndpointStats stream = new EndpointStats(new EndpointRef("GET", "/stream"), 3, 60, Map.of(), Map.of(), null,
                List.of(CheckRun.skipped(Check.WRONG_INPUTS, "responses never complete (probed with client aborts)")));
        return new ScanReport(r.schemaVersion(), r.scan(), r.telemetry(), List.of(imports, stream), r.series(),
                r.verdict(), r.summary(), r.counts(), r.findings(), r.baseline(), r.inventory());
    }

    @Test
    void everyFormatNamesTheWrongInputsEachEndpointGot() throws Exception {
        ScanReport r = withInputs();
        String json = ReportFormat.JSON.renderToString(r);
        assertThat(Schemas.validate(Schemas.report(), json)).isEmpty();
        var checks = ReportJson.mapper().readTree(json).get("endpoints").get(0).get("checks");
        assertThat(checks.get(0).has("inputs")).as("other checks carry no inputs").isFalse();
        assertThat(checks.get(1).get("inputs").toString()).isEqualTo("[\"empty-body\",\"malformed-body\"]");

        assertThat(ReportFormat.HTML.renderToString(r)).contains("wrong inputs: passed (empty-body, malformed-body)")
                .contains("wrong inputs: skipped (responses never complete");
        assertThat(ReportFormat.MARKDOWN.renderToString(r)).contains("Wrong inputs sent per endpoint")
                .contains("| `POST /imports` | empty-body, malformed-body |");
        assertThat(ReportFormat.SARIF.renderToString(r)).contains("\"wrongInputs\"").contains("\"POST /imports\"");
    }
}
