package io.leakscan.report;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.Verdict;
import io.leakscan.engine.ScanEnd;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.engine.ScanEngine;
import io.leakscan.engine.ScanFailure;
import io.leakscan.engine.ScanListener;
import io.leakscan.engine.ScanOutcome;
import io.leakscan.engine.ScanPlan;
import io.leakscan.lab.LabAppExtension;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** OutcomeReports on real engine outcomes: one quick scan of a leaking lab app, a refused port, a cancel. */
class OutcomeReportsIT {

    @RegisterExtension
    static LabAppExtension lab = LabAppExtension.of("heap-slice-leaky");

    private static final EndpointRef REPORTS = new EndpointRef("GET", "/reports/:id");
    private static final ScanEngine ENGINE = new ScanEngine(TargetPolicy.loopbackOnly(),
            ProbeLimits.DEFAULT_SERVER_MAXIMA, Clock.systemUTC());

    private static ScanPlan plan;
    private static ScanOutcome leaky;

    private static ScanPlan plan(URI base, ScanProfile profile) {
        return ScanPlan.of(new TargetSpec(base, Map.of()),
                List.of(new ScanEndpoint(REPORTS, Endpoint.get("/reports/7")),
                        ScanEndpoint.of(Endpoint.get("/ping"))), profile, true);
    }

    @BeforeAll
    static void scanOnce() {
        plan = plan(lab.baseUrl(), ScanProfile.QUICK);
        leaky = ENGINE.run(plan, ScanListener.NONE, new CancellationToken());
    }

    @Test
    void aCompletedLeakyScanBecomesACompletedReportWithItsFindingsTelemetryStatsAndSeries() throws IOException {
        ScanReport r = OutcomeReports.of("scan-1", plan, leaky, "9.9.9");

        assertThat(leaky.status()).as(String.valueOf(leaky.failure())).isEqualTo(ScanEnd.SUCCEEDED);
        assertThat(r.scan().status()).isEqualTo(ScanEnd.SUCCEEDED);
        assertThat(r.scan().failure()).isNull();
        assertThat(r.scan().id()).isEqualTo("scan-1");
        assertThat(r.scan().toolVersion()).isEqualTo("9.9.9");
        assertThat(r.scan().profile()).isEqualTo("quick");
        assertThat(r.scan().echoSpecific()).isTrue();
        assertThat(r.scan().targetBaseUrl()).isEqualTo(lab.baseUrl().toString());
        assertThat(r.scan().startedAt()).isEqualTo(leaky.timings().startedAt());
        assertThat(r.scan().durationMs()).isEqualTo(leaky.timings().total().toMillis());
        assertThat(r.scan().echo()).isNotNull();
        assertThat(r.scan().echo().echo()).isTrue();

        assertThat(r.verdict()).isEqualTo(Verdict.LEAKS_FOUND).isEqualTo(leaky.analysis().verdict());
        assertThat(r.summary()).isEqualTo(leaky.analysis().summary());
        assertThat(r.findings()).containsExactlyElementsOf(leaky.analysis().findings());
        assertThat(r.findingsFor(REPORTS)).extracting(f -> f.kind()).contains(FindingKind.HEAP_GROWTH);

        // heap-slice-leaky serves pprof, expvar and /health/memory: goroutines and post-GC heap are found.
        assertThat(r.telemetry()).extracting(DiscoveredTelemetry::signal).containsExactly(Signal.values());
        assertThat(r.telemetry()).filteredOn(DiscoveredTelemetry::available)
                .extracting(DiscoveredTelemetry::signal).contains(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES);
        assertThat(r.telemetry()).filteredOn(t -> !t.available()).allSatisfy(t -> assertThat(t.reason()).isNotBlank());
        assertThat(r.telemetry()).filteredOn(DiscoveredTelemetry::available)
                .allSatisfy(t -> assertThat(t.source()).startsWith("/"));

        assertThat(r.endpoints()).extracting(EndpointStats::endpoint)
                .containsExactly(REPORTS, new EndpointRef("GET", "/ping"));
        EndpointStats reports = r.endpoints().getFirst();
        assertThat(reports.rounds()).isPositive();
        assertThat(reports.requests()).isEqualTo(leaky.endpoints().getFirst().requestsSent()).isPositive();
        assertThat(reports.statusHistogram()).containsKey("200");
        assertThat(reports.latencyMs()).isNotNull();
        assertThat(reports.checks()).contains(CheckRun.ran(Check.GOROUTINES), CheckRun.ran(Check.HEAP),
                CheckRun.ran(Check.LATENCY), CheckRun.ran(Check.KEY_CARDINALITY),
                CheckRun.skipped(Check.ABORTS, "a leak was already found on it, so what aborted ones "
                        + "leave could not be told apart"));
        assertThat(reports.checks()).extracting(CheckRun::check).doesNotContain(Check.PROFILING_EXPOSURE,
                Check.TARGET_STABILITY);

        assertThat(r.series().hasPoints()).isTrue();
        assertThat(r.series().sourceSamples()).isEqualTo(leaky.samples().size());
        assertThat(r.series().goroutines()).isNotEmpty();
        assertThat(r.series().heapAfterGcBytes()).isNotEmpty();

        // Every renderer takes it, and the JSON reads back to the same report.
        for (ReportFormat f : ReportFormat.values()) {
            assertThat(f.renderToString(r)).as(f.name()).contains("/reports/:id");
        }
        ScanReport back = ReportJson.read(new ByteArrayInputStream(
                ReportFormat.JSON.renderToString(r).getBytes(StandardCharsets.UTF_8)));
        assertThat(back).isEqualTo(r);
    }

    @Test
    void aRefusedConnectionBecomesAFailedInconclusiveReportListingThePlannedEndpoints() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ScanPlan refused = plan(URI.create("http://127.0.0.1:" + port), ScanProfile.QUICK);
        ScanOutcome outcome = ENGINE.run(refused, ScanListener.NONE, new CancellationToken());

        ScanReport r = OutcomeReports.of("scan-2", refused, outcome, "9.9.9");

        assertThat(r.scan().status()).isEqualTo(ScanEnd.FAILED);
        assertThat(r.scan().failure().code()).isEqualTo("CONNECTION_REFUSED");
        assertThat(r.scan().failure().message()).isEqualTo(outcome.failure().message());
        assertThat(r.scan().echo()).isNull();
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.findings()).isEmpty();
        assertThat(r.summary()).startsWith("The scan did not complete (CONNECTION_REFUSED)");
        assertThat(r.telemetry()).as("discovery never ran").isEmpty();
        assertThat(r.series().hasPoints()).isFalse();
        assertThat(r.endpoints()).hasSize(2).allSatisfy(e -> {
            assertThat(e.requests()).isZero();
            assertThat(e.checks()).isNotEmpty().allSatisfy(c -> assertThat(c.reason())
                    .isEqualTo("the scan ended before this endpoint was probed"));
        });
        assertThat(ReportFormat.JUNIT.renderToString(r)).contains("CONNECTION_REFUSED");
    }

    @Test
    void aCancelledScanIsReportedCancelledWithAFailureAndNoClaim() {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel("user asked");
        ScanOutcome outcome = ENGINE.run(plan, ScanListener.NONE, cancel);

        ScanReport r = OutcomeReports.of("scan-3", plan, outcome, "9.9.9");

        assertThat(outcome.status()).isEqualTo(ScanEnd.CANCELLED);
        assertThat(r.scan().status()).isEqualTo(ScanEnd.CANCELLED);
        assertThat(r.scan().failure()).isNotNull();
        assertThat(r.scan().failure().code()).matches("[A-Z][A-Z0-9_]*");
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void aScanThatFailedAfterFindingLeaksKeepsTheFindingsButNotACleanVerdict() {
        ScanFailure distress = new ScanFailure("TARGET_DISTRESS",
                "the target answered 503 to most requests; the scan stopped.");
        ScanOutcome failedWithLeaks = withStatus(leaky, distress, leaky.analysis());

        ScanReport r = OutcomeReports.of("scan-4", plan, failedWithLeaks, "9.9.9");

        assertThat(r.scan().status()).isEqualTo(ScanEnd.FAILED);
        assertThat(r.scan().failure()).isEqualTo(new ScanFailure("TARGET_DISTRESS", distress.message()));
        assertThat(r.verdict()).isEqualTo(Verdict.LEAKS_FOUND);
        assertThat(r.findings()).containsExactlyElementsOf(leaky.analysis().findings());
        assertThat(r.summary()).startsWith("The scan did not complete (TARGET_DISTRESS)")
                .endsWith(leaky.analysis().summary());
        assertThat(r.hasFindingsAtLeast(r.worstSeverity())).isTrue();

        // The same failure after an analysis that saw nothing: a stopped scan cannot call the target clean.
        AnalysisResult clean = new AnalysisResult(Verdict.CLEAN,
                "No leak was measured.", List.of());
        ScanReport noClaim = OutcomeReports.of("scan-5", plan, withStatus(leaky, distress, clean), "9.9.9");
        assertThat(noClaim.scan().status()).isEqualTo(ScanEnd.FAILED);
        assertThat(noClaim.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(noClaim.findings()).isEmpty();
        assertThat(noClaim.endpoints()).hasSize(2);
    }

    private static ScanOutcome withStatus(ScanOutcome o, ScanFailure failure,
                                          AnalysisResult analysis) {
        return new ScanOutcome(ScanEnd.FAILED, failure, o.fingerprint(), o.discovery(),
                analysis, o.endpoints(), o.samples(), o.profiles(), o.samplerStats(), o.restarts(), o.timings());
    }
}
