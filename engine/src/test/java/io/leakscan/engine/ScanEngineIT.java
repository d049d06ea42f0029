package io.leakscan.engine;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Verdict;
import io.leakscan.lab.LabApp;
import io.leakscan.lab.LabAppExtension;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ProfileOverrides;
import io.leakscan.probe.ScanProfile;
import io.leakscan.probe.TrafficKind;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import io.leakscan.telemetry.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanEngineIT {

    @RegisterExtension
    static LabAppExtension lab = LabAppExtension.of("trap-slow");

    private final ScanEngine engine = new ScanEngine(TargetPolicy.loopbackOnly(), ProbeLimits.DEFAULT_SERVER_MAXIMA,
            Clock.systemUTC());

    /** Small rounds: these tests check the orchestration, not the detectors (CatalogAccuracyIT does). */
    private static final ProfileOverrides SMALL = new ProfileOverrides(Duration.ofSeconds(1), 3, 20, 4, 200.0,
            Duration.ofMillis(600), Duration.ofSeconds(2), 5, 5, Duration.ofMillis(300), null, null);

    private static ScanPlan plan(URI base, List<ScanEndpoint> endpoints, ProfileOverrides overrides) {
        return new ScanPlan(new TargetSpec(base, Map.of()), endpoints, ScanProfile.QUICK, overrides, true, List.of(),
                Map.of(), null);
    }

    private static ScanEndpoint get(String route, String path) {
        return new ScanEndpoint(new EndpointRef("GET", route), Endpoint.get(path));
    }

    @Test
    void slowHandlerIsProbedWithAbortsAndTheListenerHearsEveryPhaseRoundAndSample(LabApp app) {
        List<ScanPhase> phases = new CopyOnWriteArrayList<>();
        List<RoundReport> rounds = new CopyOnWriteArrayList<>();
        AtomicInteger samples = new AtomicInteger();
        AtomicInteger interims = new AtomicInteger();
        List<Double> progress = new CopyOnWriteArrayList<>();
        ScanListener listener = new ScanListener() {
            @Override
            public void progress(double fraction, int endpointsDone, int endpointsTotal) {
                progress.add(fraction);
            }

            @Override
            public void phase(ScanPhase phase, EndpointRef endpoint) {
                phases.add(phase);
            }

            @Override
            public void round(EndpointRef endpoint, RoundReport round) {
                rounds.add(round);
            }

            @Override
            public void samples(List<Sample> batch) {
                assertThat(batch).isNotEmpty();
                samples.addAndGet(batch.size());
            }

            @Override
            public void interimResult(AnalysisResult result, Duration sinceStart) {
                interims.incrementAndGet();
            }
        };
        ScanOutcome outcome = engine.run(plan(app.baseUrl(), List.of(get("/reports/slow", "/reports/slow"),
                get("/ping", "/ping")), SMALL), listener, new CancellationToken());

        assertThat(outcome.status()).as(String.valueOf(outcome.failure())).isEqualTo(ScanEnd.SUCCEEDED);
        assertThat(phases).containsSubsequence(ScanPhase.PREFLIGHT, ScanPhase.DISCOVERY, ScanPhase.BASELINE,
                ScanPhase.PROBING, ScanPhase.PROBING, ScanPhase.KEY_CARDINALITY, ScanPhase.ANALYSIS, ScanPhase.DONE);
        assertThat(outcome.fingerprint().echo()).isTrue();
        assertThat(outcome.discovery().offered()).isNotEmpty();
        EndpointReport slow = outcome.endpoints().get(0);
        EndpointReport ping = outcome.endpoints().get(1);
        assertThat(slow.streaming()).as("a 2.5 s handler is probed by aborting").isTrue();
        assertThat(slow.rounds()).filteredOn(RoundReport::analyzed).extracting(RoundReport::purpose)
                .containsOnly("abort").hasSize(3);
        assertThat(slow.rounds()).filteredOn(RoundReport::analyzed)
                .allSatisfy(r -> assertThat(r.round().aborted()).isEqualTo(5));
        assertThat(ping.streaming()).isFalse();
        assertThat(ping.rounds()).filteredOn(r -> r.purpose().equals("load")).hasSize(3)
                .allSatisfy(r -> assertThat(r.round().completed()).isEqualTo(20));
        assertThat(ping.rounds()).extracting(RoundReport::purpose)
                .contains("key-repeated header X-Forwarded-For", "key-distinct header X-Forwarded-For");
        // Issue 19 part 2: the endpoint's own placements too; the unknown paths once per scan, on the first endpoint.
        assertThat(ping.rounds()).extracting(RoundReport::purpose).contains(
                "key-distinct " + ScanEvidence.describe(new KeyPlacement.Identity()),
                "key-repeated " + ScanEvidence.describe(new KeyPlacement.Identity()),
                "key-distinct unknown path", "key-repeated unknown path");
        // Issue 19 part 5: an endpoint that answers gets client aborts too, timed by its latency (1 ms at least).
        assertThat(ping.rounds()).filteredOn(r -> r.round().kind() == TrafficKind.ABORT)
                .extracting(RoundReport::purpose).contains("abort at 1 ms");
        assertThat(slow.rounds()).filteredOn(r -> r.purpose().startsWith("abort at")).as("a stream keeps its own")
                .isEmpty();
        // What the rounds sent: one key repeated in the control, a new key per request in the distinct round.
        RoundReport control = ping.rounds().stream().filter(r -> r.round().kind() == TrafficKind.REPEATED_KEY)
                .findFirst().orElseThrow();
        RoundReport distinct = ping.rounds().stream().filter(r -> r.round().kind() == TrafficKind.DISTINCT_KEY)
                .findFirst().orElseThrow();
        assertThat(control.round().distinctKeys()).isEqualTo(1);
        assertThat(distinct.round().distinctKeys()).isEqualTo(distinct.round().sent()).isEqualTo(RoundPlan.ECHO_KEY_REQUESTS);
        assertThat(List.of(control, distinct)).allSatisfy(r -> assertThat(r.round().key())
                .isEqualTo(KeyPlacement.xForwardedFor()));
        assertThat(slow.rounds()).as("a streaming endpoint gets no key rounds")
                .allSatisfy(r -> assertThat(r.round().key()).isNull());
        // Every analyzed round is followed by its window (at least the round gap) before the next one starts.
        for (EndpointReport e : outcome.endpoints()) {
            List<RoundReport> analyzed = e.rounds().stream().filter(RoundReport::analyzed).toList();
            for (int i = 0; i < analyzed.size(); i++) {
                RoundReport r = analyzed.get(i);
                assertThat(r.settleEnd()).isAfterOrEqualTo(r.round().endedAt().plus(SMALL.roundGap()));
                // the cuts of one timed abort round share its window
                if (i > 0 && !r.settleEnd().equals(analyzed.get(i - 1).settleEnd())) {
                    assertThat(r.round().startedAt()).isAfterOrEqualTo(analyzed.get(i - 1).settleEnd());
                }
            }
            assertThat(e.requestsSent()).isEqualTo(e.rounds().stream().mapToLong(r -> r.round().completed()
                    + r.round().errorCount() + r.round().aborted() + r.round().interrupted()).sum());
        }
        assertThat(rounds).hasSize(slow.rounds().size() + ping.rounds().size());
        // The plan's estimate holds for an ordinary endpoint of a clean scan: at most what it counts (three cuts of
        // timed aborts; a fast endpoint gets one), and all but the cuts it did not get.
        RoundPlan roundPlan = RoundPlan.of(ScanProfile.QUICK.with(SMALL, ProbeLimits.DEFAULT_SERVER_MAXIMA), true, true);
        long planned = PlannedTraffic.requests(roundPlan, new ScanEndpoint(ping.route(), Endpoint.get("/ping")),
                true, false);
        assertThat(ping.requestsSent()).isLessThanOrEqualTo(planned)
                .isGreaterThanOrEqualTo(planned - 2L * roundPlan.timedAbortRounds() * 5);
        assertThat(samples.get()).as("every sample reaches the listener").isEqualTo(outcome.samples().size())
                .isPositive();
        assertThat(interims.get()).isGreaterThanOrEqualTo(2);
        // round by round, never backwards: a progress bar that moves while an endpoint is probed
        assertThat(progress).isSorted().hasSizeGreaterThanOrEqualTo(2 + 2 * 3 + 1)
                .allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
        assertThat(progress).filteredOn(f -> f > 0.1 && f < 0.45).isNotEmpty();
        assertThat(outcome.profiles()).extracting(p -> p.label()).contains("baseline", "before", "after-settle");
        assertThat(outcome.analysis().verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(outcome.timings().total()).isPositive();
    }

    @Test
    void aPlanItsLimitsCannotHoldIsRefusedBeforeAnyLoad(LabApp app) {
        // deep sends ~40,000 requests an endpoint: 31 endpoints are far above the default budget of 500,000
        List<ScanEndpoint> endpoints = java.util.stream.IntStream.range(0, 31)
                .mapToObj(i -> get("/ping" + i, "/ping")).toList();
        List<ScanPhase> phases = new CopyOnWriteArrayList<>();
        ScanListener listener = new ScanListener() {
            @Override
            public void phase(ScanPhase phase, EndpointRef endpoint) {
                phases.add(phase);
            }
        };
        ScanOutcome outcome = engine.run(new ScanPlan(new TargetSpec(app.baseUrl(), Map.of()), endpoints,
                ScanProfile.DEEP, null, true, List.of(), Map.of(), null), listener, new CancellationToken());

        assertThat(outcome.status()).isEqualTo(ScanEnd.FAILED);
        assertThat(outcome.failure().code()).isEqualTo(ScanFailure.PLAN_EXCEEDS_LIMITS);
        assertThat(outcome.failure().message()).startsWith("deep on 31 endpoints sends about ")
                .contains("above this scan's budget of 500,000");
        assertThat(phases).doesNotContain(ScanPhase.BASELINE, ScanPhase.PROBING);
        assertThat(outcome.endpoints()).allSatisfy(e -> assertThat(e.requestsSent()).isZero());
    }

    @Test
    void cancelStopsTheScanAndItsTraffic(LabApp app) {
        CancellationToken cancel = new CancellationToken();
        Instant[] cancelledAt = new Instant[1];
        ScanListener listener = new ScanListener() {
            @Override
            public void round(EndpointRef endpoint, RoundReport round) {
                if (round.analyzed() && cancelledAt[0] == null) {
                    cancelledAt[0] = Instant.now();
                    Thread.ofVirtual().start(() -> cancel.cancel("user asked"));
                }
            }
        };
        ScanOutcome outcome = engine.run(plan(app.baseUrl(), List.of(get("/ping", "/ping")), SMALL), listener, cancel);
        Instant returned = Instant.now();

        assertThat(outcome.status()).isEqualTo(ScanEnd.CANCELLED);
        assertThat(outcome.analysis()).isNull();
        // A hang guard, not a benchmark: the engine polls the token every few milliseconds.
        assertThat(Duration.between(cancelledAt[0], returned)).isLessThan(Duration.ofSeconds(5));
        assertThat(outcome.endpoints()).hasSize(1);
        long samplesAfter = outcome.samples().stream().filter(s -> s.at().isAfter(returned)).count();
        assertThat(samplesAfter).as("no sampling after the outcome").isZero();
    }

    @Test
    void aCancelDuringASettleWindowEndsTheScanAtOnce(LabApp app) {
        CancellationToken cancel = new CancellationToken();
        Instant[] cancelledAt = new Instant[1];
        ScanListener listener = new ScanListener() {
            @Override
            public void samples(List<Sample> batch) {
                if (cancelledAt[0] == null && batch.stream().anyMatch(s -> "settle".equals(s.phase()))) {
                    cancelledAt[0] = Instant.now();
                    cancel.cancel("user asked");
                }
            }
        };
        ProfileOverrides longSettle = new ProfileOverrides(Duration.ofSeconds(1), 3, 20, 4, 200.0,
                Duration.ofMinutes(1), Duration.ofMinutes(5), 5, 5, Duration.ofMillis(300), null, null);

        ScanOutcome outcome = engine.run(plan(app.baseUrl(), List.of(get("/ping", "/ping")), longSettle), listener,
                cancel);

        assertThat(outcome.status()).isEqualTo(ScanEnd.CANCELLED);
        assertThat(cancelledAt[0]).as("a settle window was watched").isNotNull();
        assertThat(Duration.between(cancelledAt[0], Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(outcome.endpoints()).singleElement().satisfies(e -> assertThat(e.rounds())
                .filteredOn(r -> r.purpose().equals("load")).hasSizeLessThanOrEqualTo(1));
    }

    @Test
    void aRefusedConnectionFailsAtPreflightWithItsCode() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ScanOutcome outcome = engine.run(plan(URI.create("http://127.0.0.1:" + port), List.of(get("/", "/")), null),
                ScanListener.NONE, new CancellationToken());
        assertThat(outcome.status()).isEqualTo(ScanEnd.FAILED);
        assertThat(outcome.failure().code()).isEqualTo("CONNECTION_REFUSED");
        assertThat(outcome.analysis()).isNull();
        assertThat(outcome.samples()).isEmpty();
    }

    @Test
    void aTargetOutsideThePolicyIsRefusedWithoutTraffic() {
        ScanOutcome outcome = engine.run(plan(URI.create("http://169.254.169.254/"), List.of(get("/", "/")), null),
                ScanListener.NONE, new CancellationToken());
        assertThat(outcome.status()).isEqualTo(ScanEnd.FAILED);
        assertThat(outcome.failure().code()).isEqualTo("TARGET_NOT_ALLOWED");
    }

    @Test
    void overridesAboveTheServerMaximaAreRefusedBeforeAnyTraffic(LabApp app) {
        ProfileOverrides tooMuch = new ProfileOverrides(null, null, null, 10_000, null, null, null, null, null, null,
                null, null);
        ScanOutcome outcome = engine.run(plan(app.baseUrl(), List.of(get("/ping", "/ping")), tooMuch),
                ScanListener.NONE, new CancellationToken());
        assertThat(outcome.status()).isEqualTo(ScanEnd.FAILED);
        assertThat(outcome.failure().code()).isEqualTo(ScanFailure.INVALID_PLAN);
        assertThat(outcome.failure().message()).contains("concurrency");
        assertThat(outcome.fingerprint()).isNull();
    }

    @Test
    void aPlanNeedsAnEndpointAndAbsoluteTelemetryPaths() {
        TargetSpec target = new TargetSpec(URI.create("http://127.0.0.1:1"), Map.of());
        assertThatThrownBy(() -> ScanPlan.of(target, List.of(), ScanProfile.QUICK, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
        assertThatThrownBy(() -> new ScanPlan(target, List.of(get("/", "/")), ScanProfile.QUICK, null, false,
                List.of("debug/vars"), null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.run(null, ScanListener.NONE, new CancellationToken()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void probeRequestsCloseTheirConnectionUnlessTheUserChoseOtherwise() {
        assertThat(EndpointProbe.closing(Endpoint.get("/a")).headers()).containsEntry("Connection", "close");
        Endpoint keep = new Endpoint("GET", "/a", null, null, Map.of("connection", "keep-alive"));
        assertThat(EndpointProbe.closing(keep).headers()).containsOnly(Map.entry("connection", "keep-alive"));
    }
}
