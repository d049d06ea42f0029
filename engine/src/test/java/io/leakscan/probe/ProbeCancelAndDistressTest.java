package io.leakscan.probe;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Cancel stops all traffic within a second; a distressed target makes the engine back off, then stop. */
class ProbeCancelAndDistressTest {

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
    void cancelMidRoundClosesInFlightRequestsAndTheTargetSeesNoNewOnesAfterASecond() throws Exception {
        CancellationToken token = new CancellationToken();
        ProbeEngine engine = Probes.engine(Probes.limits(200, 6, 10_000, Duration.ofMinutes(1)));
        try (ProbeSession session = engine.open(Probes.target(server), engine.serverMaxima(), token)) {
            CompletableFuture<RoundOutcome> round = CompletableFuture.supplyAsync(
                    () -> session.load(Endpoint.get("/slow/10000"), new LoadPlan(1000, 6, 200)));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.inFlight() == 6);

            token.cancel("user pressed cancel");

            // Everything in flight is cut and every connection closed within the second the design promises.
            await().atMost(Duration.ofSeconds(1)).until(() -> server.openConnections() == 0 && server.inFlight() == 0);
            RoundOutcome outcome = round.get(1, TimeUnit.SECONDS);
            int seenAtClose = server.requests();
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> server.requests() == seenAtClose);

            assertThat(outcome).isInstanceOfSatisfying(RoundOutcome.Stopped.class, s -> {
                assertThat(s.stop().reason()).isEqualTo(StopReason.CANCELLED);
                assertThat(s.stop().message()).isEqualTo("user pressed cancel");
            });
            assertThat(outcome.round().interrupted()).as(outcome.round().toString()).isEqualTo(6);
            assertThat(outcome.round().sent()).isEqualTo(6);
            assertThat(session.load(Endpoint.get("/ok"), new LoadPlan(5, 1, 10)).round().sent()).isZero();
            assertThat(server.requests()).isEqualTo(seenAtClose);
        }
    }

    @Test
    void closingTheSessionFromAnotherThreadStopsARunningRound() throws Exception {
        ProbeEngine engine = Probes.engine(Probes.limits(200, 3, 10_000, Duration.ofMinutes(1)));
        ProbeSession session = engine.open(Probes.target(server), engine.serverMaxima(), new CancellationToken());
        CompletableFuture<RoundOutcome> round = CompletableFuture.supplyAsync(
                () -> session.load(Endpoint.get("/slow/10000"), new LoadPlan(100, 3, 200)));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.inFlight() == 3);

        session.close();

        assertThat(round.get(1, TimeUnit.SECONDS)).isInstanceOfSatisfying(RoundOutcome.Stopped.class,
                s -> assertThat(s.stop().reason()).isEqualTo(StopReason.CANCELLED));
        await().atMost(Duration.ofSeconds(1)).until(() -> server.openConnections() == 0);
    }

    @Test
    void aTargetThatKeepsAnswering503IsBackedOffFromThenLeftAlone() {
        server.failWith(503);
        ProbeEngine engine = Probes.engine(Probes.limits(400, 4, 10_000, Duration.ofMinutes(1)));
        try (ProbeSession session = engine.open(Probes.target(server), engine.serverMaxima(), new CancellationToken())) {

            RoundOutcome outcome = session.load(Endpoint.get("/ok"), new LoadPlan(2_000, 4, 400));

            assertThat(outcome).isInstanceOfSatisfying(RoundOutcome.Stopped.class, s -> {
                assertThat(s.stop().reason()).isEqualTo(StopReason.TARGET_DISTRESS);
                assertThat(s.stop().message()).contains("HTTP 503").contains("back-off");
            });
            RoundTraffic round = outcome.round();
            // Policy: 2 back-offs, then the third distressed window of 10 stops it; a few in flight may land after.
            assertThat(round.backoffs()).isEqualTo(2);
            assertThat(round.rateLimit()).isEqualTo(100.0); // 400 halved twice
            assertThat(round.sent()).isLessThan(60);
            assertThat(session.load(Endpoint.get("/ok"), new LoadPlan(10, 1, 10)).round().sent()).isZero();
            assertThat(session.stopped()).map(ProbeStopped::reason).contains(StopReason.TARGET_DISTRESS);
            // Everything the target ever saw was sent by the first round: a request written just before the stop may
            // still be on its way when the round returns, but the stopped session sends nothing more.
            assertThat(server.requests()).isLessThanOrEqualTo((int) round.sent());
        }
    }

    @Test
    void aBriefSpellOf503sOnlySlowsTheRoundDown() {
        server.fail503ForNext(12);
        ProbeEngine engine = Probes.engine(Probes.limits(400, 1, 10_000, Duration.ofMinutes(1)));
        try (ProbeSession session = engine.open(Probes.target(server), engine.serverMaxima(), new CancellationToken())) {

            RoundOutcome outcome = session.load(Endpoint.get("/ok"), new LoadPlan(60, 1, 400));

            assertThat(outcome).isInstanceOf(RoundOutcome.Completed.class);
            assertThat(outcome.round().backoffs()).isEqualTo(1);
            assertThat(outcome.round().rateLimit()).isEqualTo(200.0);
            assertThat(outcome.round().statusHistogram()).containsEntry(503, 12L).containsEntry(200, 48L);
        }
    }

    @Test
    void aTargetThatRefusesConnectionsStopsTheScanWithAClearReason() {
        int port;
        try (LoopbackTarget gone = new LoopbackTarget()) {
            port = gone.port();
        }
        ProbeEngine engine = Probes.engine(Probes.limits(400, 4, 10_000, Duration.ofMinutes(1)));
        try (ProbeSession session = engine.open(new TargetSpec(URI.create("http://127.0.0.1:" + port), Map.of()),
                engine.serverMaxima(), new CancellationToken())) {

            RoundOutcome outcome = session.load(Endpoint.get("/ok"), new LoadPlan(5_000, 4, 400));

            assertThat(outcome).isInstanceOfSatisfying(RoundOutcome.Stopped.class, s -> {
                assertThat(s.stop().reason()).isEqualTo(StopReason.TARGET_DISTRESS);
                assertThat(s.stop().message()).contains("CONNECT_REFUSED");
            });
            assertThat(outcome.round().sent()).isLessThan(60);
            assertThat(outcome.round().errors()).containsOnlyKeys(ErrorCause.CONNECT_REFUSED);
        }
    }

    @Test
    void aTargetThatStartsFailingMidScanStopsTheNextRoundsToo() {
        ProbeEngine engine = Probes.engine(Probes.limits(400, 4, 10_000, Duration.ofMinutes(1)));
        try (ProbeSession session = engine.open(Probes.target(server), engine.serverMaxima(), new CancellationToken())) {
            assertThat(session.load(Endpoint.get("/ok"), new LoadPlan(30, 4, 400))).isInstanceOf(RoundOutcome.Completed.class);

            server.failWith(429);
            RoundOutcome failing = session.load(Endpoint.get("/ok"), new LoadPlan(500, 4, 400));
            RoundOutcome after = session.abort(Endpoint.get("/stream"),
                    new AbortPlan(5, 1, 10, Duration.ofMillis(100), Duration.ofSeconds(1)));

            assertThat(failing).isInstanceOf(RoundOutcome.Stopped.class);
            assertThat(((RoundOutcome.Stopped) failing).stop().message()).contains("HTTP 429");
            assertThat(after).isInstanceOf(RoundOutcome.Stopped.class);
            assertThat(after.round().sent()).isZero();
        }
    }
}
