package io.leakscan.probe;

import io.leakscan.target.TargetSpec;

import java.time.Clock;
import java.util.Objects;

/**
 * Sends the scan's load: opens one {@link ProbeSession} per scan, with limits clamped to the server maxima this engine
 * was built with. Spring-free: the CLI builds it with {@code new}, the service as a bean.
 */
public final class ProbeEngine {

    private final ProbeLimits serverMaxima;
    private final DistressPolicy distressPolicy;
    private final ClientSettings clientSettings;
    private final ProbeHttpClientFactory clients;
    private final Clock clock;

    public ProbeEngine(ProbeLimits serverMaxima, DistressPolicy distressPolicy, ClientSettings clientSettings,
                       ProbeHttpClientFactory clients, Clock clock) {
        this.serverMaxima = Objects.requireNonNull(serverMaxima, "serverMaxima");
        this.distressPolicy = Objects.requireNonNull(distressPolicy, "distressPolicy");
        this.clientSettings = Objects.requireNonNull(clientSettings, "clientSettings");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ProbeLimits serverMaxima() {
        return serverMaxima;
    }

    /**
     * Opens a session against {@code target}. Its effective limits are {@code requested} clamped to the server maxima;
     * its deadline starts now. Cancelling {@code cancellation} stops all its traffic. Close the session when done.
     */
    public ProbeSession open(TargetSpec target, ProbeLimits requested, CancellationToken cancellation) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(cancellation, "cancellation");
        return new ProbeSession(target, requested.within(serverMaxima), distressPolicy, clientSettings, clients,
                cancellation, clock);
    }
}
