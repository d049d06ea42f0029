package io.leakscan.probe;

import io.leakscan.target.TargetSpec;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds engines and sessions against a loopback target for the tests. */
final class Probes {

    static final DistressPolicy FAST_DISTRESS = new DistressPolicy(0.5, 10, Duration.ofMillis(100), 2, Duration.ofMillis(200));
    static final ClientSettings SHORT_TIMEOUTS = new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));

    private Probes() {
    }

    static ProbeEngine engine(ProbeLimits serverMaxima) {
        return new ProbeEngine(serverMaxima, FAST_DISTRESS, SHORT_TIMEOUTS, ProbeHttpClientFactory.unguarded(), Clock.systemUTC());
    }

    static ProbeEngine engine(ProbeLimits serverMaxima, DistressPolicy distress, ClientSettings client) {
        return new ProbeEngine(serverMaxima, distress, client, ProbeHttpClientFactory.unguarded(), Clock.systemUTC());
    }

    static ProbeLimits limits(double rps, int concurrency, long total, Duration duration) {
        return new ProbeLimits(rps, concurrency, total, duration);
    }

    static TargetSpec target(LoopbackTarget server) {
        return new TargetSpec(server.baseUrl(), Map.of());
    }
}
