package io.leakscan.report;

import io.leakscan.analysis.LatencyPercentiles;
import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.Verdict;
import io.leakscan.engine.ScanEnd;
import io.leakscan.engine.ScanFailure;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportModelTest {

    static final Instant T0 = Instant.parse("2026-11-29T16:45:00Z");

    static ScanMetadata meta(ScanEnd status, ScanFailure failure) {
        return ScanMetadata.of("s", "http://127.0.0.1:8080", "quick", true, "v", status, T0, T0.plusSeconds(5),
                failure, null);
    }

    @Test
    void metadataDerivesDurationAndStripsCredentialsFromTheUrl() {
        ScanMetadata m = ScanMetadata.of("s", "http://alice:s3cret@127.0.0.1:8080/app?x=1", "quick", false, "v",
                ScanEnd.SUCCEEDED, T0, T0.plusMillis(1500), null, null);
        assertThat(m.durationMs()).isEqualTo(1500);
        assertThat(m.targetBaseUrl()).isEqualTo("http://127.0.0.1:8080/app?x=1").doesNotContain("s3cret");
    }

    @Test
    void metadataRejectsContradictions() {
        assertThatThrownBy(() -> ScanMetadata.of("s", "http://127.0.0.1", "quick", false, "v", ScanEnd.SUCCEEDED,
                T0, T0.minusSeconds(1), null, null)).hasMessageContaining("before startedAt");
        assertThatThrownBy(() -> new ScanMetadata("s", "http://127.0.0.1", "quick", false, "v", ScanEnd.SUCCEEDED,
                T0, T0.plusSeconds(1), 5, null, null)).hasMessageContaining("durationMs");
        assertThatThrownBy(() -> meta(ScanEnd.FAILED, null)).hasMessageContaining("failure is required");
        assertThatThrownBy(() -> meta(ScanEnd.SUCCEEDED, new ScanFailure("TIMEOUT", "x")))
                .hasMessageContaining("failure is required");
        assertThatThrownBy(() -> ScanMetadata.of("s", "not a url at all", "quick", false, "v", ScanEnd.SUCCEEDED,
                T0, T0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScanFailure("timeout", "x")).hasMessageContaining("UPPER_SNAKE_CASE");
    }

    @Test
    void aScanThatDidNotCompleteIsNeverClean() {
        ScanMetadata failed = meta(ScanEnd.FAILED, new ScanFailure("CONNECTION_REFUSED", "refused"));
        assertThatThrownBy(() -> ScanReport.of(failed, List.of(), List.of(), null,
                new AnalysisResult(Verdict.CLEAN, "fine", List.of()))).hasMessageContaining("cannot be CLEAN");
        ScanReport r = ScanReport.failed(failed, List.of(), List.of(), null);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.summary()).contains("CONNECTION_REFUSED").contains("No claim");
        assertThat(r.series()).isEqualTo(TimeSeries.empty());
        assertThatThrownBy(() -> ScanReport.failed(meta(ScanEnd.SUCCEEDED, null), List.of(), List.of(), null))
                .hasMessageContaining("needs its failure");
    }

    @Test
    void leaksFoundNeedsFindingsAndOnlyTheCurrentVersionIsAccepted() {
        assertThatThrownBy(() -> ScanReport.of(meta(ScanEnd.SUCCEEDED, null), List.of(), List.of(), null,
                new AnalysisResult(Verdict.LEAKS_FOUND, "s", List.of()))).hasMessageContaining("without findings");
        ScanReport ok = ReportFixtures.clean("s", T0);
        assertThatThrownBy(() -> new ScanReport(3, ok.scan(), ok.telemetry(), ok.endpoints(), ok.series(),
                ok.verdict(), ok.summary(), null, ok.findings())).hasMessageContaining("schemaVersion 3");
    }

    @Test
    void endpointStatsSortMapsAndRejectBadCounts() {
        Map<String, Long> statuses = new LinkedHashMap<>();
        statuses.put("503", 2L);
        statuses.put("200", 10L);
        EndpointStats e = new EndpointStats(new EndpointRef("get", "/x"), 1, 12, statuses,
                Map.of("timeout", 1L, "connection refused", 2L), new LatencyPercentiles(1, 2, 3),
                List.of(CheckRun.ran(Check.LATENCY), CheckRun.ran(Check.GOROUTINES)));
        assertThat(e.statusHistogram().keySet()).containsExactly("200", "503");
        assertThat(e.errors().keySet()).containsExactly("connection refused", "timeout");
        assertThat(e.checks()).extracting(CheckRun::check).containsExactly(Check.GOROUTINES, Check.LATENCY);
        assertThat(e.responses()).isEqualTo(12);
        assertThat(e.errorCount()).isEqualTo(3);
        assertThatThrownBy(() -> new EndpointStats(e.endpoint(), 1, 1, Map.of("2xx", 1L), null, null, List.of()))
                .hasMessageContaining("not an HTTP status code");
        assertThatThrownBy(() -> new EndpointStats(e.endpoint(), 1, 1, Map.of("200", -1L), null, null, List.of()))
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> new EndpointStats(e.endpoint(), -1, 1, null, null, null, List.of()))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new EndpointStats(e.endpoint(), 1, 1, null, null, null,
                List.of(CheckRun.ran(Check.HEAP), CheckRun.skipped(Check.HEAP, "x")))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new LatencyPercentiles(5, 2, 3)).hasMessageContaining("ordered");
        assertThatThrownBy(() -> new LatencyPercentiles(1, 2, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckRun(Check.HEAP, true, "why")).hasMessageContaining("reason");
        assertThatThrownBy(() -> new CheckRun(Check.HEAP, false, null)).hasMessageContaining("reason");
    }

    @Test
    void telemetryEntriesMustSayWhereOrWhyNot() {
        assertThatThrownBy(() -> new DiscoveredTelemetry(Signal.GOROUTINES, true, null, "pprof", null))
                .hasMessageContaining("source and format");
        assertThatThrownBy(() -> new DiscoveredTelemetry(Signal.GOROUTINES, false, null, null, null))
                .hasMessageContaining("reason");
    }

    @Test
    void everyFindingKindBelongsToExactlyOneCheck() {
        for (FindingKind kind : FindingKind.values()) {
            long owners = Arrays.stream(Check.values()).filter(c -> c.kinds().contains(kind)).count();
            assertThat(owners).as(kind.name()).isEqualTo(1);
            assertThat(Rules.of(kind).kind()).isEqualTo(kind);
        }
        assertThat(Check.of(FindingKind.ABORT_IGNORED)).isEqualTo(Check.ABORTS);
        assertThat(Check.PROFILING_EXPOSURE.applicationWide()).isTrue();
        assertThat(Check.HEAP.applicationWide()).isFalse();
    }

    @Test
    void middlewareFindingsAffectEveryEndpoint() {
        ScanReport r = ReportFixtures.middlewareLeaky("s", T0);
        assertThat(r.findingsAffecting(ReportFixtures.HELLO)).extracting(f -> f.kind())
                .containsExactly(FindingKind.LINGERING_GOROUTINES);
        assertThat(r.findingsAffecting(new EndpointRef("GET", "/other"))).hasSize(1);
        assertThat(r.findingsFor(null)).hasSize(2);
        assertThat(r.worstSeverity()).isEqualTo(Severity.HIGH);
        assertThat(ReportFixtures.clean("s", T0).worstSeverity()).isNull();
        assertThat(r.hasFindingsAtLeast(Severity.HIGH)).isTrue();
        assertThat(r.hasFindingsAtLeast(Severity.CRITICAL)).isFalse();
        assertThat(ReportFixtures.clean("s", T0).hasFindingsAtLeast(Severity.INFO)).isFalse();
    }

    @Test
    void reportOptionsNormalizeAndValidate() {
        assertThat(new ReportOptions("/src/app///", null).sourceRoot()).isEqualTo("/src/app");
        assertThat(new ReportOptions("C:\\src\\app\\", null).sourceRoot()).isEqualTo("C:/src/app");
        assertThatThrownBy(() -> new ReportOptions("  ", null)).hasMessageContaining("blank");
        assertThatThrownBy(() -> new ReportOptions(null, "javascript:alert(1)")).hasMessageContaining("http");
        assertThat(ReportOptions.defaults().withSourceRoot("/x").sourceRoot()).isEqualTo("/x");
    }
}
