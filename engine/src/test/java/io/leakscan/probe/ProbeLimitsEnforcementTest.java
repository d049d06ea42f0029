package io.leakscan.probe;

import io.leakscan.target.Endpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits hold whatever the plan asks: checked from the target's side of the wire. */
class ProbeLimitsEnforcementTest {

    LoopbackTarget server;

    @BeforeEach
    void start() {
        server = new LoopbackTarget();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void concurrencyNeverExceedsTheSessionLimitEvenWhenThePlanAsksForMore() {
        ProbeEngine engine = Probes.engine(Probes.limits(1000, 5, 10_000, Duration.ofMinutes(1)));
        try (ProbeSession session = engine.open(Probes.target(server),
                Probes.limits(1000, 50, 10_000, Duration.ofMinutes(1)), new CancellationToken())) {

            RoundOutcome outcome = session.load(Endpoint.get("/slow/60"), new LoadPlan(60, 40, 1000));

            assertThat(outcome).isInstanceOf(RoundOutcome.Completed.class);
            assertThat(outcome.round().concurrency()).isEqualTo(5);
            assertThat(outcome.round().completed()).isEqualTo(60);
            assertThat(server.maxInFlight()).isLessThanOrEqualTo(5).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void requestsInAnyOneSecondWindowStayWithinTheRatePlusTheBurst() {
        double rps = 40;
        ProbeEngine engine = Probes.engine(Probes.limits(rps, 8, 10_000, Duration.ofMinutes(1)));
        try (ProbeSession session = engine.open(Probes.target(server),
                Probes.limits(10_000, 8, 10_000, Duration.ofMinutes(1)), new CancellationToken())) {

            RoundOutcome outcome = session.load(Endpoint.get("/ok"), new LoadPlan(100, 8, 5_000));

            RoundTraffic round = outcome.round();
            assertThat(round.rateLimit()).isEqualTo(rps);
            assertThat(round.completed()).isEqualTo(100);
            assertThat(round.status(200)).isEqualTo(100);
            double burst = TokenBucket.burstFor(rps);
            // The pacer's own bound (rate + burst per window of send times) is exact: TokenBucketTest. Seen from the
            // server, event-loop and wire jitter can carry a request sent just before a window into it; on a shared,
            // loaded machine that is a few requests, never a second's worth.
            assertThat(server.maxInAnyWindow(Duration.ofSeconds(1))).isLessThanOrEqualTo((int) (rps + burst + 3));
            assertThat(server.maxInAnyWindow(Duration.ofSeconds(2))).isLessThanOrEqualTo((int) (2 * rps + burst + 3));
            // Pacing, not just capping: 100 requests at 40/s cannot finish much before 2.4 s.
            assertThat(round.duration()).isGreaterThan(Duration.ofMillis((long) ((100 - burst - 1) / rps * 1000)));
        }
    }

    @Test
    void theTotalBudgetIsSpentAcrossRoundsAndThenEverythingStops() {
        ProbeEngine engine = Probes.engine(Probes.limits(1000, 4, 25, Duration.ofMinutes(1)));
        try (ProbeSession session = engine.open(Probes.target(server),
                Probes.limits(1000, 4, 1_000_000, Duration.ofMinutes(1)), new CancellationToken())) {
            assertThat(session.limits().maxTotalRequests()).isEqualTo(25);

            RoundOutcome first = session.load(Endpoint.get("/ok"), new LoadPlan(15, 4, 1000));
            RoundOutcome second = session.load(Endpoint.get("/ok"), new LoadPlan(15, 4, 1000));
            RoundOutcome third = session.load(Endpoint.get("/ok"), new LoadPlan(15, 4, 1000));

            assertThat(first).isInstanceOf(RoundOutcome.Completed.class);
            assertThat(second).isInstanceOfSatisfying(RoundOutcome.Stopped.class,
                    s -> assertThat(s.stop().reason()).isEqualTo(StopReason.BUDGET_EXHAUSTED));
            assertThat(second.round().sent()).isEqualTo(10);
            assertThat(second.round().completed()).isEqualTo(10); // the budget's last requests still finish normally
            assertThat(third.round().sent()).isZero();
            assertThat(third).isInstanceOf(RoundOutcome.Stopped.class);
            assertThat(server.requests()).isEqualTo(25);
            assertThat(session.remainingBudget()).isZero();
            assertThat(session.requestsSent()).isEqualTo(25);
        }
    }

    @Test
    void theDeadlineCutsWhatIsInFlightAndStopsTheSession() {
        ProbeEngine engine = Probes.engine(Probes.limits(1000, 4, 10_000, Duration.ofMillis(800)));
        try (ProbeSession session = engine.open(Probes.target(server),
                Probes.limits(1000, 4, 10_000, Duration.ofHours(1)), new CancellationToken())) {

            RoundOutcome outcome = session.load(Endpoint.get("/slow/5000"), new LoadPlan(20, 4, 1000));

            assertThat(outcome).isInstanceOfSatisfying(RoundOutcome.Stopped.class,
                    s -> assertThat(s.stop().reason()).isEqualTo(StopReason.DEADLINE));
            RoundTraffic round = outcome.round();
            assertThat(round.sent()).isEqualTo(4);
            assertThat(round.interrupted()).isEqualTo(4);
            assertThat(round.completed()).isZero();
            assertThat(round.sent()).isEqualTo(round.completed() + round.errorCount() + round.aborted() + round.interrupted());
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> server.openConnections() == 0);
            assertThat(session.stopped()).map(ProbeStopped::reason).contains(StopReason.DEADLINE);
        }
    }
}
