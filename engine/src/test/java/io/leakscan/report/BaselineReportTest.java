package io.leakscan.report;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.Severity;
import io.leakscan.baseline.Baseline;
import io.leakscan.baseline.BaselineEntry;
import io.leakscan.baseline.BaselineState;
import io.leakscan.baseline.FindingFingerprint;
import io.leakscan.baseline.IgnoreFile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A report compared with a baseline: which findings are known, what --fail-on sees, and how JSON and SARIF say it. */
class BaselineReportTest {

    static final Instant START = Instant.parse("2026-11-29T16:45:00Z");
    static final LocalDate TODAY = LocalDate.parse("2026-12-05");

    @Test
    void aKnownFindingIsUnchangedAndDoesNotFailTheBuildANewOneDoes() {
        ScanReport r = ReportFixtures.middlewareLeaky("s", START);
        assertThat(r.findings()).hasSizeGreaterThan(1);
        Finding first = r.findings().getFirst();
        String fp = FindingFingerprint.of(first);
        Baseline accepted = new Baseline("b", List.of(new BaselineEntry(fp, "known", null, "b:1")));
        ScanReport compared = r.withBaseline(accepted, TODAY);

        assertThat(compared.isKnown(first)).isTrue();
        assertThat(compared.newFindings()).hasSize(r.findings().size() - 1).doesNotContain(first);
        assertThat(compared.baseline().stateOf(first)).isEqualTo(BaselineState.UNCHANGED);
        assertThat(compared.baseline().findings().getFirst().reason()).isEqualTo("known");

        // every finding accepted: nothing fails, whatever the threshold
        List<BaselineEntry> all = r.findings().stream()
                .map(f -> new BaselineEntry(FindingFingerprint.of(f), "all", null, "b")).toList();
        ScanReport allKnown = r.withBaseline(new Baseline("b", all), TODAY);
        assertThat(r.hasFindingsAtLeast(Severity.INFO)).isTrue();
        assertThat(allKnown.hasFindingsAtLeast(Severity.INFO)).isFalse();
        assertThat(allKnown.baseline().newCount()).isZero();
    }

    @Test
    void anExpiredEntryNoLongerSuppressesAndIsListed() {
        ScanReport r = ReportFixtures.streamLeaky("s", START);
        Finding f = r.findings().getFirst();
        String fp = FindingFingerprint.of(f);
        Baseline b = IgnoreFile.parse(".leakscanignore", List.of(
                "# accepted leaks",
                fp + " expires:2026-12-04 stream leak, fix in #142"));
        ScanReport compared = r.withBaseline(b, TODAY);
        assertThat(compared.isKnown(f)).isFalse();
        assertThat(compared.hasFindingsAtLeast(f.severity())).isTrue();
        assertThat(compared.baseline().expired()).singleElement().satisfies(e -> {
            assertThat(e.fingerprint()).isEqualTo(fp);
            assertThat(e.origin()).isEqualTo(".leakscanignore:2");
        });
        // on the expiry day itself the entry still holds
        assertThat(r.withBaseline(b, LocalDate.parse("2026-12-04")).isKnown(f)).isTrue();
    }

    @Test
    void jsonCarriesTheBaselineFieldValidAgainstTheSchemaAndReadsBack() throws Exception {
        ScanReport r = ReportFixtures.middlewareLeaky("s", START);
        String plain = ReportFormat.JSON.renderToString(r);
        assertThat(Schemas.validate(Schemas.report(), plain)).isEmpty();
        assertThat(ReportJson.mapper().readTree(plain).get("baseline").isNull()).isTrue();

        String fp = FindingFingerprint.of(r.findings().getFirst());
        ScanReport compared = r.withBaseline(IgnoreFile.parse("ig", List.of(fp + " expires:2027-01-31 accepted",
                "0123456789abcdef0123456789abcdef expires:2026-01-01 gone")), TODAY);
        String json = ReportFormat.JSON.renderToString(compared);
        assertThat(Schemas.validate(Schemas.report(), json)).isEmpty();
        JsonNode b = ReportJson.mapper().readTree(json).get("baseline");
        assertThat(b.get("source").asString()).isEqualTo("ig");
        assertThat(b.get("comparedOn").asString()).isEqualTo("2026-12-05");
        assertThat(b.at("/findings/0/state").asString()).isEqualTo("UNCHANGED");
        assertThat(b.at("/findings/0/fingerprint").asString()).isEqualTo(fp);
        assertThat(b.at("/findings/0/expires").asString()).isEqualTo("2027-01-31");
        assertThat(b.at("/findings/1/state").asString()).isEqualTo("NEW");
        assertThat(b.at("/expired/0/expires").asString()).isEqualTo("2026-01-01");

        ScanReport back = ReportJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(back.baseline()).isEqualTo(compared.baseline());
        assertThat(back.isKnown(back.findings().getFirst())).isTrue();
    }

    @Test
    void sarifMarksBaselineStateWithTheSameFingerprint() {
        ScanReport r = ReportFixtures.middlewareLeaky("s", START);
        assertThat(SarifReportTest.sarif(r, ReportOptions.defaults()).at("/runs/0/results/0").has("baselineState"))
                .as("no baseline, no state").isFalse();
        String fp = FindingFingerprint.of(r.findings().getFirst());
        ScanReport compared = r.withBaseline(new Baseline("b", List.of(new BaselineEntry(fp, "x", null, "b"))),
                TODAY);
        String text = ReportFormat.SARIF.renderToString(compared);
        assertThat(Schemas.validate(Schemas.sarif(), text)).isEmpty();
        JsonNode results = SarifReportTest.sarif(compared, ReportOptions.defaults()).at("/runs/0/results");
        assertThat(results.path(0).path("baselineState").asString()).isEqualTo("unchanged");
        assertThat(results.path(0).at("/partialFingerprints/leakscanFinding~1v1").asString()).isEqualTo(fp);
        assertThat(results.path(1).path("baselineState").asString()).isEqualTo("new");
    }
}
