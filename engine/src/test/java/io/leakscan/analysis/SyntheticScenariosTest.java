package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.parse.Frame;
import io.leakscan.telemetry.parse.GoroutineProfile;
import io.leakscan.telemetry.parse.StackGroup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Edge cases on synthetic series: noise, outliers, restarts, lifetimes beyond the window, missing controls. */
class SyntheticScenariosTest {

    private static final Analyzer ANALYZER = new Analyzer();

    /** Goroutines, one step up per round (after {@code start + 0.2 s}), flat otherwise. */
    private static DoubleFunction<Double> steps(double base, double perStep, double... stepAt) {
        return t -> {
            double v = base;
            for (double s : stepAt) {
                v += t >= s ? perStep : 0;
            }
            return v;
        };
    }

    private static Set<FindingKind> kinds(AnalysisResult r) {
        return r.findings().stream().map(Finding::kind).collect(Collectors.toSet());
    }

    @Test
    void noisyGoroutinesWithOutliersAndNoGrowthAreClean() {
        Random rnd = new Random(42);
        DoubleFunction<Double> noisy = t -> rnd.nextInt(50) == 0 ? 80.0 : 20 + Math.round(3 * rnd.nextGaussian());
        ScanObservations obs = new SyntheticScan()
                .readings(0, 40, Map.of(Signal.GOROUTINES, noisy, Signal.HEAP_AFTER_GC_BYTES,
                        t -> 4e6 + 30_000 * rnd.nextGaussian()))
                .load("GET /a", 6, 15, 150).load("GET /a", 15, 24, 150).load("GET /a", 24, 33, 150).build();
        AnalysisResult r = ANALYZER.analyze(obs);
        assertThat(r.findings()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void aScanStoppedBeforeAnyRoundCompletedDoesNotClaimItSentNothing() {
        // The target went into distress in the first round: readings were taken, no round was recorded.
        ScanObservations obs = new SyntheticScan()
                .readings(0, 12, Map.of(Signal.GOROUTINES, t -> 20.0, Signal.HEAP_AFTER_GC_BYTES, t -> 4e6)).build();
        AnalysisResult r = ANALYZER.analyze(obs);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.summary()).startsWith("No load round completed, so no request's effect could be judged; "
                + "Leakscan watched goroutines").doesNotContain("sent 0 requests");
    }

    @Test
    void aSmallPermanentLeakStillShowsWhenItGrowsEveryRound() {
        // one goroutine per 50 requests: +3 per round of 150 over a quiet baseline
        ScanObservations obs = new SyntheticScan()
                .readings(0, 30, Map.of(Signal.GOROUTINES, steps(6, 3, 6.2, 14.2, 22.2)))
                .load("GET /a", 6, 14, 150).load("GET /a", 14, 22, 150).load("GET /a", 22, 30, 150).build();
        Finding f = ANALYZER.analyze(obs).findings().getFirst();
        assertThat(f.kind()).isEqualTo(FindingKind.GOROUTINE_LEAK);
        assertThat(f.title()).startsWith("GET /a leaks 0.02 goroutines per request");
        assertThat(f.scope()).isEqualTo(Scope.HANDLER);
    }

    @Test
    void readingsThatAreNotNumbersAreGapsNotValues() {
        DoubleFunction<Double> g = t -> (Math.round(t / SyntheticScan.EVERY) % 7 == 0) ? Double.NaN : 6.0;
        ScanObservations obs = new SyntheticScan().readings(0, 30, Map.of(Signal.GOROUTINES, g,
                        Signal.HEAP_AFTER_GC_BYTES, t -> t > 20 ? Double.POSITIVE_INFINITY : 4e6))
                .load("GET /a", 6, 14, 150).load("GET /a", 14, 22, 150).load("GET /a", 22, 30, 150).build();
        AnalysisResult r = ANALYZER.analyze(obs);
        assertThat(r.findings()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void aSingleJumpThenFlatIsWarmUpNotALeak() {
        ScanObservations obs = new SyntheticScan()
                .readings(0, 30, Map.of(Signal.GOROUTINES, steps(6, 40, 6.2)))
                .load("GET /a", 6, 14, 150).load("GET /a", 14, 22, 150).load("GET /a", 22, 30, 150).build();
        AnalysisResult r = ANALYZER.analyze(obs);
        assertThat(r.findings()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void goroutinesOutlivingTheSettleWindowAreLingeringWithALowerBound() {
        // each round leaves 100 goroutines for 10 s; the settle window is 4 s; the next round starts after 20 s
        DoubleFunction<Double> g = t -> {
            for (double end : new double[] {6.2, 26.2, 46.2}) {
                if (t >= end && t < end + 10) {
                    return 120.0;
                }
            }
            return 20.0;
        };
        ScanObservations obs = new SyntheticScan().readings(0, 66, Map.of(Signal.GOROUTINES, g))
                .load("GET /a", 6, 10, 100).load("GET /a", 26, 30, 100).load("GET /a", 46, 50, 100).build();
        Finding f = ANALYZER.analyze(obs).findings().getFirst();
        assertThat(f.kind()).isEqualTo(FindingKind.LINGERING_GOROUTINES);
        assertThat(f.evidence().figures()).anyMatch(x -> x.name().equals("lifetimeIsLowerBound"));
        assertThat(f.evidence().figures()).anyMatch(x -> x.name().equals("lingerLifetime") && x.value() >= 3.5);
        assertThat(f.confidence().reasons()).anyMatch(x -> x.contains("longer than the settle window"));
    }

    @Test
    void abortsThatLeakNoMoreThanCompletedRequestsAreNotAboutCancellation() {
        ScanObservations obs = new SyntheticScan()
                .readings(0, 50, Map.of(Signal.GOROUTINES, steps(6, 20, 6.2, 12.2, 18.2, 26.6, 32.6, 38.6)))
                .load("GET /a", 6, 12, 20).load("GET /a", 12, 18, 20).load("GET /a", 18, 24, 20)
                .round("GET /a", RoundKind.ABORT, 26, 26.5, 32, 0, 20, null, null)
                .round("GET /a", RoundKind.ABORT, 32, 32.5, 38, 0, 20, null, null)
                .round("GET /a", RoundKind.ABORT, 38, 38.5, 44, 0, 20, null, null).build();
        AnalysisResult r = ANALYZER.analyze(obs);
        assertThat(kinds(r)).containsExactly(FindingKind.GOROUTINE_LEAK);
    }

    @Test
    void aRestartAfterClimbingMemoryIsLikelyAnOutOfMemoryKill() {
        ScanObservations obs = new SyntheticScan()
                .readings(0, 30, Map.of(Signal.HEAP_AFTER_GC_BYTES, t -> 4e6 + 2e6 * Math.max(0, t - 5)), "pid-1")
                .readings(30, 36, Map.of(Signal.HEAP_AFTER_GC_BYTES, t -> 3e6), "pid-2")
                .round("POST /upload", RoundKind.LOAD, 6, 29, 36, 500, 0, null, null).build();
        AnalysisResult r = ANALYZER.analyze(obs);
        Finding f = r.findings().stream().filter(x -> x.kind() == FindingKind.TARGET_RESTARTED).findFirst()
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.scope()).isEqualTo(Scope.APPLICATION);
        assertThat(f.endpoint()).isEqualTo(new EndpointRef("POST", "/upload"));
        assertThat(f.title()).contains("likely out-of-memory kill").contains("POST /upload");
        assertThat(f.evidence().figures()).anyMatch(x -> x.name().equals("heapAfterGcBytesClimbBeforeRestart")
                && x.unit().equals("bytes/s"));
        assertThat(r.verdict()).isEqualTo(Verdict.LEAKS_FOUND);
    }

    @Test
    void aRestartWithoutClimbingVoidsTheScan() {
        ScanObservations obs = new SyntheticScan()
                .readings(0, 20, Map.of(Signal.GOROUTINES, t -> 6.0, Signal.PROCESS_START_SECONDS,
                        t -> t < 12 ? 1000.0 : 2000.0))
                .load("GET /a", 6, 10, 100).load("GET /a", 10, 14, 100).load("GET /a", 14, 18, 100).build();
        AnalysisResult r = ANALYZER.analyze(obs);
        Finding f = r.findings().stream().filter(x -> x.kind() == FindingKind.TARGET_RESTARTED).findFirst()
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.confidence().reasons().getFirst()).contains("process start time changed");
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.summary()).contains("restarted");
    }

    @Test
    void aRestartTheScannerNoticedItselfIsReportedToo() {
        ScanObservations obs = new SyntheticScan().readings(0, 20, Map.of(Signal.GOROUTINES, t -> 6.0))
                .load("GET /a", 6, 10, 100).load("GET /a", 10, 14, 100).restart(12, "connection refused, then back")
                .build();
        assertThat(ANALYZER.analyze(obs).findings()).anyMatch(f -> f.kind() == FindingKind.TARGET_RESTARTED
                && f.confidence().reasons().getFirst().contains("connection refused"));
    }

    @Test
    void nothingProbedIsInconclusive() {
        AnalysisResult r = ANALYZER.analyze(new SyntheticScan()
                .readings(0, 5, Map.of(Signal.GOROUTINES, t -> 6.0)).exposed(List.of("/debug/pprof/heap")).build());
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.summary()).contains("No endpoint was probed");
        assertThat(kinds(r)).containsExactly(FindingKind.PROFILING_EXPOSED);
    }

    @Test
    void latencyDriftIsTheOnlySignalWithoutTelemetryAndStaysInconclusive() {
        ScanObservations obs = new SyntheticScan().offered(Set.of())
                .round("POST /orders/:id", RoundKind.LOAD, 6, 7, 10, 100, 0, new LatencyPercentiles(5, 9, 12), null)
                .round("POST /orders/:id", RoundKind.LOAD, 10, 11, 14, 100, 0, new LatencyPercentiles(9, 15, 20), null)
                .round("POST /orders/:id", RoundKind.LOAD, 14, 15, 18, 100, 0, new LatencyPercentiles(14, 22, 30), null)
                .build();
        AnalysisResult r = ANALYZER.analyze(obs);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        Finding f = r.findings().getFirst();
        assertThat(f.kind()).isEqualTo(FindingKind.LATENCY_DRIFT);
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.title()).isEqualTo("POST /orders/:id: latency rises in every round (+4.5 ms/round)");
    }

    @Test
    void keyCardinalityWithoutARepeatedKeyControlIsReportedWithLessConfidence() {
        ScanObservations obs = new SyntheticScan()
                .readings(0, 30, Map.of(Signal.HEAP_AFTER_GC_BYTES, steps(4e6, 200 * 4096, 6.5, 14.5, 22.5)))
                .keyRound("GET /search", RoundKind.DISTINCT_KEY, 6, 14, 200, "query parameter q")
                .keyRound("GET /search", RoundKind.DISTINCT_KEY, 14, 22, 200, "query parameter q")
                .keyRound("GET /search", RoundKind.DISTINCT_KEY, 22, 30, 200, "query parameter q")
                .build();
        Finding f = ANALYZER.analyze(obs).findings().getFirst();
        assertThat(f.kind()).isEqualTo(FindingKind.KEY_CARDINALITY_GROWTH);
        assertThat(f.scope()).isEqualTo(Scope.HANDLER);
        assertThat(f.title()).isEqualTo("GET /search retains 4.0 KiB per distinct query parameter q, never evicted");
        assertThat(f.confidence().value()).isLessThan(0.8);
        assertThat(f.confidence().reasons()).anyMatch(x -> x.contains("no repeated-key control"));
    }

    /**
     * memory's key rounds on path-label-leaky (2026-12-06): rounds back to back, two heap readings in each settle
     * window, 200 keys a round, ~600 KB a distinct round (a Prometheus label per raw path). The repeated-key control of
     * the next placement starts right after three growing rounds: its level before must be the last window's, not the
     * window before it, or the control reads a round's growth and cancels the key finding.
     */
    @Test
    void aRepeatedKeyControlRightAfterGrowingRoundsReadsFlat() {
        String[] plan = {"R/GET /products/:id/path parameter :id", "D", "D", "D",
                "R/GET /products/:id/unknown path", "D", "D", "D",
                "R/GET /users/:name/avatar/path parameter :name", "D", "D", "D"};
        double[] level = new double[plan.length];
        double heapNow = 4e6;
        for (int i = 0; i < plan.length; i++) {
            heapNow += plan[i].equals("D") ? 600e3 : 0;
            level[i] = heapNow;
        }
        // round i: load from 5 + 2i for 0.4 s, settle to 5 + 2i + 2, heap read at +1.0 and +1.75 only
        DoubleFunction<Double> heap = t -> {
            if (t < 5) {
                return t % 1 == 0 ? 4e6 : null;
            }
            int i = (int) ((t - 5) / 2);
            double in = t - (5 + 2 * i);
            return i < plan.length && (in == 1.0 || in == 1.75) ? level[i] : null;
        };
        SyntheticScan scan = new SyntheticScan().readings(0, 5 + 2 * plan.length,
                Map.of(Signal.GOROUTINES, t -> 12.0, Signal.HEAP_AFTER_GC_BYTES, heap));
        String endpoint = null;
        String key = null;
        for (int i = 0; i < plan.length; i++) {
            if (plan[i].startsWith("R/")) {
                int slash = plan[i].lastIndexOf('/');
                endpoint = plan[i].substring(2, slash);
                key = plan[i].substring(slash + 1);
            }
            double start = 5 + 2 * i;
            scan.keyRound(endpoint, plan[i].equals("D") ? RoundKind.DISTINCT_KEY : RoundKind.REPEATED_KEY, start,
                    start + 2, 200, key);
        }

        List<Finding> keyed = ANALYZER.analyze(scan.build()).findings().stream()
                .filter(f -> f.kind() == FindingKind.KEY_CARDINALITY_GROWTH).toList();

        assertThat(keyed).hasSize(1);
        assertThat(keyed.getFirst().scope()).isEqualTo(Scope.MIDDLEWARE);
        assertThat(keyed.getFirst().evidence().affectedEndpoints()).extracting(EndpointRef::path)
                .containsExactlyInAnyOrder("/products/:id", "/users/:name/avatar");
    }

    @Test
    void eachKeyPlacementIsJudgedOnItsOwn() {
        // deep's order: X-Forwarded-For (the key the app's map uses) then a query parameter (ignored by the app):
        // pooled, the query's flat rounds after the header's growing ones read as a plateau and hid the leak
        ScanObservations obs = new SyntheticScan()
                .readings(0, 70, Map.of(Signal.HEAP_AFTER_GC_BYTES, steps(4e6, 200 * 4096, 14.5, 22.5, 30.5)))
                .keyRound("GET /api", RoundKind.REPEATED_KEY, 6, 14, 200, "header X-Forwarded-For")
                .keyRound("GET /api", RoundKind.DISTINCT_KEY, 14, 22, 200, "header X-Forwarded-For")
                .keyRound("GET /api", RoundKind.DISTINCT_KEY, 22, 30, 200, "header X-Forwarded-For")
                .keyRound("GET /api", RoundKind.DISTINCT_KEY, 30, 38, 200, "header X-Forwarded-For")
                .keyRound("GET /api", RoundKind.REPEATED_KEY, 38, 46, 200, "query parameter key")
                .keyRound("GET /api", RoundKind.DISTINCT_KEY, 46, 54, 200, "query parameter key")
                .keyRound("GET /api", RoundKind.DISTINCT_KEY, 54, 62, 200, "query parameter key")
                .keyRound("GET /api", RoundKind.DISTINCT_KEY, 62, 70, 200, "query parameter key")
                .build();
        List<Finding> keyed = ANALYZER.analyze(obs).findings().stream()
                .filter(f -> f.kind() == FindingKind.KEY_CARDINALITY_GROWTH).toList();
        assertThat(keyed).hasSize(1);
        assertThat(keyed.getFirst().title()).contains("per distinct header X-Forwarded-For");
        assertThat(keyed.getFirst().confidence().value()).isGreaterThanOrEqualTo(0.8);
    }

    /**
     * deep, admin-group-leaky: the endpoint leaks a goroutine per request whatever the key, so the heap rose under
     * distinct keys by what those goroutines hold (about 1.7 KiB each with the descriptor) while the one repeated-key
     * round read flat through the noise of 50,000 goroutines (here: exactly flat). That is the goroutine leak, not the key; a per-key map
     * on top of it (4 KiB a key more) still is.
     */
    @Test
    void heapThatTheGoroutinesLeftPerRequestHoldIsNoKeyCardinalityFinding() {
        for (double mapEntry : new double[] {0, 4096}) {
            double perKey = 1024 + 700 + mapEntry;
            DoubleFunction<Double> heap = steps(34.7e6, 2000 * perKey, 14.5, 22.5, 30.5);
            ScanObservations obs = new SyntheticScan()
                    .readings(0, 38, Map.of(Signal.GOROUTINES, steps(34_000, 2000, 6.5, 14.5, 22.5, 30.5),
                            Signal.HEAP_AFTER_GC_BYTES, heap))
                    .keyRound("GET /admin/stats", RoundKind.REPEATED_KEY, 6, 14, 2000, "header X-Real-IP")
                    .keyRound("GET /admin/stats", RoundKind.DISTINCT_KEY, 14, 22, 2000, "header X-Real-IP")
                    .keyRound("GET /admin/stats", RoundKind.DISTINCT_KEY, 22, 30, 2000, "header X-Real-IP")
                    .keyRound("GET /admin/stats", RoundKind.DISTINCT_KEY, 30, 38, 2000, "header X-Real-IP")
                    .build();
            List<Finding> keyed = ANALYZER.analyze(obs).findings().stream()
                    .filter(f -> f.kind() == FindingKind.KEY_CARDINALITY_GROWTH).toList();
            if (mapEntry == 0) {
                assertThat(keyed).as("a goroutine per request whatever the key").isEmpty();
            } else {
                assertThat(keyed).as("a per-key map beside the goroutine leak").hasSize(1);
                assertThat(keyed.getFirst().title()).contains("per distinct header X-Real-IP");
            }
        }
    }

    @Test
    void growthThatIgnoresTheKeyIsNoKeyCardinalityFinding() {
        ScanObservations obs = new SyntheticScan()
                .readings(0, 54, Map.of(Signal.HEAP_AFTER_GC_BYTES,
                        steps(4e6, 200 * 4096, 6.5, 14.5, 22.5, 30.5, 38.5, 46.5)))
                .keyRound("GET /s", RoundKind.REPEATED_KEY, 6, 14, 200, "header X-Real-IP")
                .keyRound("GET /s", RoundKind.REPEATED_KEY, 14, 22, 200, "header X-Real-IP")
                .keyRound("GET /s", RoundKind.REPEATED_KEY, 22, 30, 200, "header X-Real-IP")
                .keyRound("GET /s", RoundKind.DISTINCT_KEY, 30, 38, 200, "header X-Real-IP")
                .keyRound("GET /s", RoundKind.DISTINCT_KEY, 38, 46, 200, "header X-Real-IP")
                .keyRound("GET /s", RoundKind.DISTINCT_KEY, 46, 54, 200, "header X-Real-IP").build();
        assertThat(kinds(ANALYZER.analyze(obs))).doesNotContain(FindingKind.KEY_CARDINALITY_GROWTH);
    }

    @Test
    void aGoroutinePerDistinctKeyIsKeyCardinalityOnTheGoroutineSeries() {
        // no heap telemetry; a watcher goroutine started per new tenant id, none for a repeated one
        ScanObservations obs = new SyntheticScan().offered(Set.of(Signal.GOROUTINES))
                .readings(0, 54, Map.of(Signal.GOROUTINES, steps(10, 50, 30.5, 38.5, 46.5)))
                .keyRound("GET /t/:tenant", RoundKind.REPEATED_KEY, 6, 14, 50, "path segment :tenant")
                .keyRound("GET /t/:tenant", RoundKind.REPEATED_KEY, 14, 22, 50, "path segment :tenant")
                .keyRound("GET /t/:tenant", RoundKind.REPEATED_KEY, 22, 30, 50, "path segment :tenant")
                .keyRound("GET /t/:tenant", RoundKind.DISTINCT_KEY, 30, 38, 50, "path segment :tenant")
                .keyRound("GET /t/:tenant", RoundKind.DISTINCT_KEY, 38, 46, 50, "path segment :tenant")
                .keyRound("GET /t/:tenant", RoundKind.DISTINCT_KEY, 46, 54, 50, "path segment :tenant")
                .build();
        Finding f = ANALYZER.analyze(obs).findings().stream()
                .filter(x -> x.kind() == FindingKind.KEY_CARDINALITY_GROWTH).findFirst().orElseThrow();
        assertThat(f.evidence().series()).isEqualTo("GOROUTINES");
        assertThat(f.title()).isEqualTo("GET /t/:tenant retains one goroutine per distinct path segment :tenant, "
                + "never evicted");
        assertThat(f.evidence().figures()).anyMatch(x -> x.name().equals("goroutinesPerDistinctKey")
                && x.unit().equals("goroutines/key") && x.value() == 1.0);
    }

    @Test
    void theGoroutineleakProfileAloneIsEnough() {
        Frame site = new Frame("main.worker", "/src/app/worker.go", 17);
        StackGroup leaked = new StackGroup(40, List.of(site), Map.of(), null, Map.of(), 0);
        GoroutineProfile empty = new GoroutineProfile(SyntheticScan.T0, 0, List.of(), false);
        GoroutineProfile after = new GoroutineProfile(SyntheticScan.at(20), 40, List.of(leaked), false);
        ScanObservations base = new SyntheticScan().offered(Set.of())
                .load("GET /jobs", 6, 10, 20).load("GET /jobs", 10, 14, 20).build();
        ScanObservations obs = new ScanObservations(base.samples(), base.baselineStart(), base.baselineEnd(),
                List.of(), empty, List.of(new EndpointObservation(new EndpointRef("GET", "/jobs"),
                base.endpoints().getFirst().rounds(), new ProfileSnapshots(null, null, null, after))),
                new TelemetryAvailability(Set.of(), true, true, List.of()), List.of());
        AnalysisResult r = ANALYZER.analyze(obs);
        Finding f = r.findings().getFirst();
        assertThat(f.kind()).isEqualTo(FindingKind.GOROUTINE_LEAK);
        assertThat(f.confidence().value()).isEqualTo(0.95);
        assertThat(f.evidence().series()).isEqualTo("GOROUTINELEAK_PROFILE");
        assertThat(f.title()).isEqualTo("GET /jobs leaks one goroutine per request, blocked at worker.go:17 "
                + "(main.worker)");
        assertThat(r.verdict()).isEqualTo(Verdict.LEAKS_FOUND);
    }

    @Test
    void inputRecordsRejectInconsistentTimesAndCounts() {
        assertThatThrownBy(() -> new ScanObservations(List.of(), SyntheticScan.at(5), SyntheticScan.at(1), List.of(),
                null, List.of(), TelemetryAvailability.NONE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadRound(RoundKind.LOAD, SyntheticScan.at(5), SyntheticScan.at(4),
                SyntheticScan.at(6), 1, 0, 0, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadRound(RoundKind.ABORT, SyntheticScan.at(1), SyntheticScan.at(2),
                SyntheticScan.at(3), 0, 2, 3, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadRound(RoundKind.LOAD, SyntheticScan.at(1), SyntheticScan.at(2),
                SyntheticScan.at(3), -1, 0, 0, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A target out of file descriptors answered goroutine samples but no heap profile for a whole settle window
     * (http-client-leaky, deep profile): the rounds that were read still show the heap leak, the unread round's
     * requests count with the next one, and a trailing unread round is left out instead of discarding them all.
     */
    @Test
    void aRoundWithoutHeapReadingsMergesIntoTheNextInsteadOfHidingTheLeak() {
        DoubleFunction<Double> heap = steps(8e6, 40e6, 5.2, 14.2, 23.2, 32.2, 41.2);
        for (double[] unread : List.of(new double[] {32, 41.1}, new double[] {41, 50})) {
            DoubleFunction<Double> gappy = t -> t >= unread[0] && t < unread[1] ? null : heap.apply(t);
            ScanObservations obs = new SyntheticScan()
                    .readings(0, 50, Map.of(Signal.GOROUTINES, t -> 12.0, Signal.HEAP_AFTER_GC_BYTES, gappy))
                    .load("GET /weather/:city", 5, 14, 2000).load("GET /weather/:city", 14, 23, 2000)
                    .load("GET /weather/:city", 23, 32, 2000).load("GET /weather/:city", 32, 41, 2000)
                    .load("GET /weather/:city", 41, 50, 2000).build();
            Finding f = ANALYZER.analyze(obs).findings().stream()
                    .filter(x -> x.kind() == FindingKind.HEAP_GROWTH).findFirst().orElseThrow();
            assertThat(f.evidence().figures()).anySatisfy(x -> {
                assertThat(x.name()).isEqualTo("bytesPerRequest");
                assertThat(x.value()).isEqualTo(20_000);
            });
            assertThat(f.confidence().reasons()).contains("1 round(s) without a reading of the heap after GC in the "
                    + "settle window: their requests count with the next round read, or not at all after the last");
            long requests = f.evidence().figures().stream().filter(x -> x.name().equals("requests"))
                    .mapToLong(x -> (long) x.value()).findFirst().orElseThrow();
            assertThat(requests).as("requests judged").isEqualTo(unread[0] == 32 ? 10_000 : 8_000);
        }
    }

    /**
     * Readings of sse-broker-leaky (Go 1.26, 50 aborted SSE clients per round, 2026-12-06): the first forced GC after a
     * round still counts the pooled buffers of the round's connections ({@code sync.Pool}'s victim cache), about
     * 680 KiB, gone at the next GC; the retained level grows 230 KiB a round. A window of two readings and one of
     * three must give the same level, or the round read with three looks like a drop and the leak a plateau.
     */
    @Test
    void theFirstPostGcReadingAfterARoundDoesNotSetTheHeapLevel() {
        double pooled = 680e3;
        double[] retained = {366e3, 651e3, 879e3, 1_112e3};
        // window after round i (settle from 7, 11, 15 s): the pooled buffers in the first reading only; the third
        // window has a third reading, as when the settle ran long enough for one more
        DoubleFunction<Double> heap = t -> {
            if (t < 5) {
                return t % 1 == 0 ? retained[0] : null;
            }
            int round = t < 10 ? 1 : t < 14 ? 2 : 3;
            double inWindow = t - (round * 4 + 3);
            if (inWindow == 0) {
                return retained[round] + pooled;
            }
            return inWindow == 1 || (round == 3 && inWindow == 1.5) ? retained[round] : null;
        };
        SyntheticScan scan = new SyntheticScan()
                .readings(0, 18, Map.of(Signal.GOROUTINES, t -> 7.0, Signal.HEAP_AFTER_GC_BYTES, heap));
        for (double start : new double[] {5, 9, 13}) {
            scan.round("GET /events", RoundKind.ABORT, start, start + 1.1, start + 4, 0, 50, null, null);
        }

        List<Finding> heapFindings = ANALYZER.analyze(scan.build()).findings().stream()
                .filter(f -> f.kind() == FindingKind.HEAP_GROWTH).toList();

        assertThat(heapFindings).extracting(f -> f.endpoint().path()).containsExactly("/events");
        assertThat(heapFindings.getFirst().evidence().figures()).anySatisfy(x -> {
            assertThat(x.name()).isEqualTo("bytesPerRequest");
            assertThat(x.value()).isBetween(4_500.0, 5_000.0);
        });
    }

    /**
     * Issue 19 part 5: a handler that returns on ctx.Done() while its workers block forever leaks only under
     * cancelled requests. Its timed abort rounds find it; the summary names the endpoint the aborts did not reach.
     */
    @Test
    void timedAbortsOnAnEndpointThatAnswersFindWhatCancelledRequestsLeaveAndTheSummaryNamesWhereTheyDidNotRun() {
        SyntheticScan scan = new SyntheticScan()
                .readings(0, 60, Map.of(Signal.GOROUTINES, steps(8, 63, 33.2, 39.2, 45.2)))
                .load("GET /dashboard/:user", 6, 10, 150).load("GET /dashboard/:user", 10, 14, 150)
                .load("GET /dashboard/:user", 14, 18, 150)
                .load("GET /healthz", 18, 22, 150).load("GET /healthz", 22, 26, 150).load("GET /healthz", 26, 30, 150);
        for (double start : new double[] {33, 39, 45}) {
            scan.round("GET /dashboard/:user", RoundKind.ABORT, start, start + 0.6, start + 6, 0, 21, null, null);
        }

        AnalysisResult r = ANALYZER.analyze(scan.build());

        assertThat(r.findings()).filteredOn(f -> f.kind() == FindingKind.ABORT_IGNORED)
                .extracting(f -> f.endpoint().path() + " " + f.scope())
                .containsExactly("/dashboard/:user HANDLER");
        assertThat(r.summary()).contains("Not probed with client aborts: GET /healthz.")
                .doesNotContain("client aborts: GET /dashboard");

        scan.round("GET /healthz", RoundKind.ABORT, 52, 52.3, 53.5, 0, 21, null, null);
        assertThat(ANALYZER.analyze(scan.build()).summary()).doesNotContain("Not probed with client aborts");
    }
}
