package io.leakscan.probe;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetClient;
import io.leakscan.target.TargetClientOptions;
import io.leakscan.target.TargetHttpClients;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Through the target module's guarded client the probe reaches an allowed target and nothing else. */
class GuardedProbeTest {

    LoopbackTarget server;

    @BeforeEach
    void start() {
        server = new LoopbackTarget();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    RoundOutcome abortAndLoad(TargetPolicy policy, List<RoundOutcome> aborts) {
        TargetSpec target = new TargetSpec(server.baseUrl(), Map.of("X-Team", "qa"));
        ProbeLimits limits = new ProbeLimits(200, 4, 1_000, Duration.ofMinutes(1));
        try (TargetClient client = TargetHttpClients.open(target, policy, TargetClientOptions.defaults().withMaxConnections(4))) {
            ProbeEngine engine = new ProbeEngine(limits, Probes.FAST_DISTRESS, Probes.SHORT_TIMEOUTS,
                    ProbeHttpClientFactory.through(client), Clock.systemUTC());
            try (ProbeSession session = engine.open(target, limits, new CancellationToken())) {
                RoundOutcome load = session.load(Endpoint.get("/ok"), new LoadPlan(40, 4, 200));
                aborts.add(session.abort(Endpoint.get("/stream"), new AbortPlan(3, 3, 50, Duration.ofMillis(200), Duration.ofSeconds(1))));
                return load;
            }
        }
    }

    @Test
    void anAllowedTargetIsProbedThroughTheGuard() {
        List<RoundOutcome> aborts = new ArrayList<>();

        RoundOutcome load = abortAndLoad(TargetPolicy.loopbackOnly(), aborts);

        assertThat(load.round().statusHistogram()).containsExactly(Map.entry(200, 40L));
        assertThat(aborts.getFirst().round().abortsConfirmedClosed()).isEqualTo(3);
        assertThat(server.seen()).first().satisfies(seen -> assertThat(seen.headers()).containsEntry("X-Team", "qa"));
    }

    @Test
    void aTargetThePolicyRefusesGetsNoTrafficAndTheProbeStops() {
        List<RoundOutcome> aborts = new ArrayList<>();

        RoundOutcome load = abortAndLoad(new TargetPolicy(false, List.of(), List.of()), aborts);

        assertThat(server.requests()).isZero();
        assertThat(load.round().completed()).isZero();
        assertThat(load).isInstanceOfSatisfying(RoundOutcome.Stopped.class,
                s -> assertThat(s.stop().reason()).isEqualTo(StopReason.TARGET_NOT_ALLOWED));
        assertThat(load.round().errors()).containsOnlyKeys(ErrorCause.NOT_ALLOWED);
        assertThat(load.round().sent()).isLessThanOrEqualTo(4); // the first lanes' attempts, then nothing
        assertThat(aborts.getFirst().round().sent()).isZero();
    }
}
