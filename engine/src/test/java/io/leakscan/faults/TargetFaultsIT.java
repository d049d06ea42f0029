package io.leakscan.faults;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.Verdict;
import io.leakscan.engine.RoundReport;
import io.leakscan.engine.ScanEnd;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.engine.ScanEngine;
import io.leakscan.engine.ScanListener;
import io.leakscan.engine.ScanOutcome;
import io.leakscan.engine.ScanPlan;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ClientSettings;
import io.leakscan.probe.DistressPolicy;
import io.leakscan.probe.ErrorCause;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ProfileOverrides;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, scenario 3: a real Go target process (bench/faulttarget, leak-free) crashes and restarts, crashes for
 * good, freezes, answers 503 or resets connections in the middle of a load round, and the engine must end each scan
 * with a restart finding or a clear failure within its timeouts, and never report a leak. Faults are triggered by
 * the target's own request count, so they land inside the first load round (2 s of 200 requests).
 */
class TargetFaultsIT {

    private static final Clock CLOCK = Clock.systemUTC();
    private final ScanEngine engine = new ScanEngine(TargetPolicy.loopbackOnly(), ProbeLimits.DEFAULT_SERVER_MAXIMA,
            CLOCK);

    /** Rounds of 2 s (200 requests at 100/s, 4 at a time), so a fault lands inside one. */
    static final ProfileOverrides ROUNDS = new ProfileOverrides(Duration.ofSeconds(2), 3, 200, 4, 100.0,
            Duration.ofMillis(600), Duration.ofSeconds(2), 5, 5, Duration.ofMillis(300), 40, null);
    /** The pilot and the warm-up (twice the concurrency) come before the first load round; 80 more is its middle. */
    static final int MID_ROUND = 1 + 2 * 4 + 80;
    /** Only these may be reported about a leak-free target, whatever happens to it. */
    static final List<FindingKind> NOT_LEAKS = List.of(FindingKind.PROFILING_EXPOSED, FindingKind.TARGET_RESTARTED);

    record Run(CompletableFuture<ScanOutcome> outcome, List<RoundReport> rounds) {
        ScanOutcome await(Duration within) throws Exception {
            return outcome.get(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        RoundReport firstLoadRound() {
            return rounds.stream().filter(r -> r.purpose().equals("load")).findFirst().orElseThrow();
        }
    }

    Run scan(ScanEngine engine, FaultTarget target) {
        List<RoundReport> rounds = new CopyOnWriteArrayList<>();
        ScanListener listener = new ScanListener() {
            @Override
            public void round(EndpointRef endpoint, RoundReport round) {
                rounds.add(round);
            }
        };
        ScanPlan plan = new ScanPlan(new TargetSpec(target.baseUrl(), Map.of()),
                List.of(new ScanEndpoint(new EndpointRef("GET", "/work"), Endpoint.get("/work"))), ScanProfile.QUICK,
                ROUNDS, true, List.of(), Map.of(), null);
        return new Run(CompletableFuture.supplyAsync(() -> engine.run(plan, listener, new CancellationToken()),
                r -> Thread.ofVirtual().start(r)), rounds);
    }

    static void awaitRequests(FaultTarget target, int n) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(10)).until(() -> target.requests() >= n);
    }

    static void assertNoLeakClaimed(ScanOutcome o) {
        assertThat(o.verdict()).as("verdict").isNotEqualTo(Optional.of(Verdict.LEAKS_FOUND));
        if (o.analysis() != null) {
            assertThat(o.analysis().findings()).extracting(Finding::kind).allMatch(NOT_LEAKS::contains);
            assertThat(o.analysis().findings()).filteredOn(f -> f.kind() == FindingKind.TARGET_RESTARTED)
                    .as("a restart counted as a leak-driven crash").allMatch(f -> f.severity() != Severity.HIGH);
        }
    }

    static void figure(String scenario, ScanOutcome o, long sinceFaultMillis) {
        System.out.println("target fault " + scenario + ": " + o.status() + " "
                + (o.failure() == null ? "" : o.failure().code() + " (" + o.failure().message() + ") ")
                + "verdict " + o.verdict().orElse(null) + ", " + sinceFaultMillis + " ms from the fault to the end");
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aCrashAndRestartMidRoundIsReportedAsARestartNeverAsALeak() throws Exception {
        // the same command line both times, as a supervisor restarts a service: only the process itself changes
        int port = freePort();
        try (FaultTarget first = FaultTarget.start(port)) {
            Run run = scan(engine, first);
            awaitRequests(first, MID_ROUND);
            long fault = System.nanoTime();
            first.crash();
            try (FaultTarget again = FaultTarget.start(port)) {
                ScanOutcome o = run.await(Duration.ofSeconds(90));
                figure("crash and restart", o, millisSince(fault));
                assertThat(o.restarts()).as("the sampler saw the new process").isNotEmpty();
                assertThat(o.status()).isIn(ScanEnd.SUCCEEDED, ScanEnd.FAILED);
                if (o.status() == ScanEnd.SUCCEEDED) {
                    assertThat(o.verdict()).contains(Verdict.INCONCLUSIVE);
                    assertThat(o.analysis().findings()).extracting(Finding::kind)
                            .contains(FindingKind.TARGET_RESTARTED);
                    assertThat(o.analysis().summary()).contains("restarted during the scan");
                } else {
                    assertThat(o.failure().message()).isNotBlank();
                }
                assertNoLeakClaimed(o);
                assertThat(again.requests()).as("the scan went on against the new process").isPositive();
            }
        }
    }

    @Test
    void aCrashForGoodMidRoundEndsTheScanAsTargetDistressNeverAsALeak() throws Exception {
        try (FaultTarget target = FaultTarget.start(0)) {
            Run run = scan(engine, target);
            awaitRequests(target, MID_ROUND);
            long fault = System.nanoTime();
            target.crash();
            ScanOutcome o = run.await(Duration.ofSeconds(60));
            figure("crash, stays down", o, millisSince(fault));
            assertThat(o.status()).isEqualTo(ScanEnd.FAILED);
            assertThat(o.failure().code()).isEqualTo("TARGET_DISTRESS");
            assertThat(o.failure().message()).contains("CONNECT_REFUSED").contains("3 back-off(s)");
            assertNoLeakClaimed(o);
        }
    }

    @Test
    void aFrozenTargetEndsTheScanWithinItsTimeoutsAsTargetDistress() throws Exception {
        // a 1 s response timeout instead of the default 5 s keeps this under a minute; the defaults took 124 s
        // (bench/results/faults.md)
        ClientSettings quick = new ClientSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3));
        ScanEngine impatient = new ScanEngine(TargetPolicy.loopbackOnly(), ProbeLimits.DEFAULT_SERVER_MAXIMA, quick,
                DistressPolicy.DEFAULT, ScanEngine.PREFLIGHT_OPTIONS, CLOCK);
        try (FaultTarget target = FaultTarget.start(0)) {
            Run run = scan(impatient, target);
            awaitRequests(target, MID_ROUND);
            long fault = System.nanoTime();
            target.freeze(); // SIGSTOP: connections are still accepted by the kernel, nothing answers
            ScanOutcome o = run.await(Duration.ofSeconds(60));
            long took = millisSince(fault);
            figure("frozen (SIGSTOP), 1 s response timeout", o, took);
            assertThat(o.status()).isEqualTo(ScanEnd.FAILED);
            assertThat(o.failure().code()).isEqualTo("TARGET_DISTRESS");
            assertThat(o.failure().message()).contains("TIMEOUT");
            assertNoLeakClaimed(o);
            // four windows of 20 timed-out requests, 4 at a time, and three pauses: about 30 s, not unbounded
            assertThat(took).isLessThan(55_000);
        }
    }

    @Test
    void persistent503sAreBackedOffThreeTimesThenTheScanStopsAsTargetDistress() throws Exception {
        try (FaultTarget target = FaultTarget.start(0)) {
            Run run = scan(engine, target);
            awaitRequests(target, MID_ROUND);
            long fault = System.nanoTime();
            target.mode("503", 0);
            ScanOutcome o = run.await(Duration.ofSeconds(60));
            figure("503 on every request", o, millisSince(fault));
            assertThat(o.status()).isEqualTo(ScanEnd.FAILED);
            assertThat(o.failure().code()).isEqualTo("TARGET_DISTRESS");
            assertThat(o.failure().message()).contains("x HTTP 503").contains("after 3 back-off(s) to 13%");
            RoundReport cut = run.firstLoadRound();
            assertThat(cut.round().backoffs()).isEqualTo(3);
            assertThat(cut.round().sent()).as("stopped before the round's 200").isLessThan(200);
            assertNoLeakClaimed(o);
            // stopped means stopped: no request reaches the failing target afterwards
            int after = target.requests();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> target.requests() == after);
        }
    }

    @Test
    void connectionResetsAreBackedOffThenTheScanStopsAsTargetDistress() throws Exception {
        try (FaultTarget target = FaultTarget.start(0)) {
            Run run = scan(engine, target);
            awaitRequests(target, MID_ROUND);
            long fault = System.nanoTime();
            target.mode("reset", 0);
            ScanOutcome o = run.await(Duration.ofSeconds(60));
            figure("TCP reset on every request", o, millisSince(fault));
            assertThat(o.status()).isEqualTo(ScanEnd.FAILED);
            assertThat(o.failure().code()).isEqualTo("TARGET_DISTRESS");
            assertThat(o.failure().message()).contains("x RESET").contains("3 back-off(s)");
            assertThat(run.firstLoadRound().round().errors()).containsKey(ErrorCause.RESET);
            assertNoLeakClaimed(o);
        }
    }

    @Test
    void aBurstOf503sIsRiddenOutByBackingOffAndTheScanStillReachesACleanVerdict() throws Exception {
        try (FaultTarget target = FaultTarget.start(0)) {
            Run run = scan(engine, target);
            awaitRequests(target, MID_ROUND);
            long fault = System.nanoTime();
            target.mode("503", 30); // the next 30 requests, then healthy again
            ScanOutcome o = run.await(Duration.ofSeconds(90));
            figure("a burst of 30 503s", o, millisSince(fault));
            assertThat(o.status()).as(String.valueOf(o.failure())).isEqualTo(ScanEnd.SUCCEEDED);
            RoundReport hit = run.firstLoadRound();
            assertThat(hit.round().statusHistogram()).containsEntry(503, 30L);
            assertThat(hit.round().backoffs()).as("distress handling").isPositive();
            assertThat(run.rounds()).filteredOn(r -> r.purpose().equals("load")).hasSize(3);
            assertThat(o.verdict()).contains(Verdict.CLEAN);
            assertNoLeakClaimed(o);
        }
    }
}
