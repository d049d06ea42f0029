package io.leakscan.probe;

import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EndpointProbeTest {

    static final ScanProfile TINY = ScanProfile.QUICK.with(new ProfileOverrides(Duration.ZERO, 3, 10, 4, 200.0,
            Duration.ofMillis(100), Duration.ofMillis(300), 3, 3, Duration.ofMillis(100), 5,
            List.of(KeyPlacement.xRealIp())), ProbeLimits.DEFAULT_SERVER_MAXIMA);

    LoopbackTarget server;
    ProbeEngine engine;

    @BeforeEach
    void start() {
        server = new LoopbackTarget();
        engine = Probes.engine(ProbeLimits.DEFAULT_SERVER_MAXIMA);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void runsLoadRoundsAbortsKeyPairsAndSettleInOrderWithGapsBetween() {
        List<String> heard = new CopyOnWriteArrayList<>();
        ProbeListener listener = new ProbeListener() {
            @Override
            public void roundFinished(RoundOutcome outcome) {
                heard.add(outcome.round().kind().name());
            }

            @Override
            public void settleStarted(EndpointRef endpoint, Instant at, Duration window) {
                heard.add("SETTLE " + endpoint + " " + window.toMillis());
            }
        };
        try (ProbeSession session = engine.open(Probes.target(server), TINY.limits(1), new CancellationToken())) {

            EndpointRun run = new EndpointProbe(Clock.systemUTC()).run(session, Endpoint.get("/slow/200"), TINY, listener);

            assertThat(run.stop()).isEmpty();
            assertThat(run.loadRounds()).hasSize(3).allSatisfy(o -> assertThat(o.round().completed()).isEqualTo(10));
            assertThat(run.abort().round().aborted()).isEqualTo(3);
            assertThat(run.abort().round().abortsConfirmedClosed()).isEqualTo(3);
            assertThat(run.keyRounds()).singleElement().satisfies(k -> {
                assertThat(k.repeated().round().distinctKeys()).isEqualTo(1);
                assertThat(k.distinct().round().distinctKeys()).isEqualTo(5);
            });
            assertThat(heard).containsExactly("LOAD", "LOAD", "LOAD", "ABORT", "REPEATED_KEY", "DISTINCT_KEY",
                    "SETTLE GET /slow/200 300");
            assertThat(Duration.between(run.settleStartedAt(), run.settleEndedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            for (int i = 1; i < run.loadRounds().size(); i++) {
                Duration gap = Duration.between(run.loadRounds().get(i - 1).round().endedAt(), run.loadRounds().get(i).round().startedAt());
                assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            }
            assertThat(run.requestsSent()).isEqualTo(TINY.requestsPerEndpoint()).isEqualTo(43);
            assertThat(server.requests()).isEqualTo(43);
        }
    }

    @Test
    void aCancelDuringTheSettleWindowEndsTheRunAtOnce() throws Exception {
        ScanProfile longSettle = TINY.with(new ProfileOverrides(null, 1, 5, null, null, null, Duration.ofMinutes(5),
                0, null, null, 0, null), ProbeLimits.DEFAULT_SERVER_MAXIMA);
        CancellationToken token = new CancellationToken();
        List<Instant> settle = new CopyOnWriteArrayList<>();
        try (ProbeSession session = engine.open(Probes.target(server), longSettle.limits(1), token)) {
            CompletableFuture<EndpointRun> run = CompletableFuture.supplyAsync(() -> new EndpointProbe(Clock.systemUTC())
                    .run(session, Endpoint.get("/ok"), longSettle, new ProbeListener() {
                        @Override
                        public void settleStarted(EndpointRef endpoint, Instant at, Duration window) {
                            settle.add(at);
                        }
                    }));
            await().atMost(Duration.ofSeconds(5)).until(() -> !settle.isEmpty());

            token.cancel("scan cancelled");

            EndpointRun result = run.get(1, TimeUnit.SECONDS);
            assertThat(result.stop()).map(ProbeStopped::reason).contains(StopReason.CANCELLED);
            assertThat(result.loadRounds()).hasSize(1);
            assertThat(result.abort()).isNull();
            assertThat(server.requests()).isEqualTo(5);
        }
    }

    @Test
    void aDistressedTargetEndsTheTrafficButTheSettleIsStillWatched() {
        server.failWith(503);
        try (ProbeSession session = engine.open(Probes.target(server), TINY.limits(1), new CancellationToken())) {

            EndpointRun run = new EndpointProbe(Clock.systemUTC()).run(session, Endpoint.get("/ok"),
                    TINY.with(new ProfileOverrides(null, null, 40, null, null, null, null, null, null, null, null, null),
                            ProbeLimits.DEFAULT_SERVER_MAXIMA), ProbeListener.NONE);

            assertThat(run.stop()).map(ProbeStopped::reason).contains(StopReason.TARGET_DISTRESS);
            assertThat(run.abort()).isNull();
            assertThat(run.keyRounds()).isEmpty();
            assertThat(run.settleStartedAt()).isNotNull();
            assertThat(run.settleEndedAt()).isAfterOrEqualTo(run.settleStartedAt().plusMillis(300));
        }
    }

    @Test
    void aStreamingEndpointGetsOnlyAbortsAndTheSettleWindow() {
        try (ProbeSession session = engine.open(Probes.target(server), TINY.limits(1), new CancellationToken())) {

            EndpointRun run = new EndpointProbe(Clock.systemUTC()).run(session, Endpoint.get("/stream"), TINY, true,
                    ProbeListener.NONE);

            assertThat(run.stop()).isEmpty();
            assertThat(run.loadRounds()).isEmpty();
            assertThat(run.keyRounds()).isEmpty();
            assertThat(run.abort().round().aborted()).isEqualTo(3);
            assertThat(run.abort().round().abortsConfirmedClosed()).isEqualTo(3);
            assertThat(run.settleEndedAt()).isNotNull();
            assertThat(server.requests()).isEqualTo(3);
        }
    }
}
