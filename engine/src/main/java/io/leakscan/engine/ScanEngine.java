package io.leakscan.engine;

import io.leakscan.analysis.Analyzer;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ClientSettings;
import io.leakscan.probe.DistressPolicy;
import io.leakscan.probe.ProbeEngine;
import io.leakscan.probe.ProbeHttpClientFactory;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.GuardedAddressResolverGroup;
import io.leakscan.target.HttpPreflight;
import io.leakscan.target.TargetClientOptions;
import io.leakscan.target.TargetPolicy;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs one scan end to end: preflight, telemetry discovery, baseline, per-endpoint load (or client aborts for
 * streaming endpoints) with settle windows and goroutine profile snapshots, key-cardinality rounds, analysis.
 * Spring-free: the CLI builds it with {@code new}, the service's worker as a bean. Thread-safe; each
 * {@link #run} is independent (the caller must not run two scans of one target at once: they would corrupt each
 * other's measurements).
 *
 * <p>All target traffic goes through the target package's guard: preflight authorizes the host, and the telemetry
 * and probe clients check every resolved address at connect time.
 */
public final class ScanEngine {

    /** Probe timeouts: a never-ending response cannot hold a plain load round longer than the request timeout. */
    public static final ClientSettings CLIENT_SETTINGS = new ClientSettings(Duration.ofSeconds(3),
            Duration.ofSeconds(5), Duration.ofSeconds(10));

    private final AddressGuard guard;
    private final HttpPreflight preflight;
    private final ProbeEngine probes;
    private final ProbeLimits serverMaxima;
    private final Clock clock;
    private final Analyzer analyzer = new Analyzer();

    public ScanEngine(TargetPolicy policy, ProbeLimits serverMaxima, Clock clock) {
        this(policy, serverMaxima, CLIENT_SETTINGS, DistressPolicy.DEFAULT, PREFLIGHT_OPTIONS, clock);
    }

    /**
     * @param preflightOptions timeouts and limits of the preflight that opens every scan: the service passes its
     *                         configured {@code leakscan.target.*} timeouts, the CLI {@link #PREFLIGHT_OPTIONS}
     */
    public ScanEngine(TargetPolicy policy, ProbeLimits serverMaxima, ClientSettings clientSettings,
                      DistressPolicy distressPolicy, TargetClientOptions preflightOptions, Clock clock) {
        this.guard = new AddressGuard(Objects.requireNonNull(policy, "policy"));
        this.preflight = new HttpPreflight(guard, clock, Objects.requireNonNull(preflightOptions, "preflightOptions"));
        this.serverMaxima = Objects.requireNonNull(serverMaxima, "serverMaxima");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probes = new ProbeEngine(serverMaxima, distressPolicy, clientSettings, guardedClients(guard), clock);
    }

    /**
     * The probe's clients, all on one resolver group for the engine's life. A group per client was never closed, and
     * Netty keeps every group it resolved with reachable from its event loops (a termination listener per loop), so
     * each scan left two groups behind and a service's heap after GC grew with every scan it ran.
     */
    static ProbeHttpClientFactory guardedClients(AddressGuard guard) {
        GuardedAddressResolverGroup resolvers = new GuardedAddressResolverGroup(guard);
        return pool -> HttpClient.create(pool).resolver(resolvers);
    }

    public ProbeLimits serverMaxima() {
        return serverMaxima;
    }

    /**
     * Scans {@code plan.target()}. Blocks until the scan ends; never throws for anything the target does (a
     * refused connection, a timeout, a restart): those end in the outcome. Cancelling {@code cancel} stops all
     * traffic (probe and sampler) within a second and returns a CANCELLED outcome.
     *
     * @throws NullPointerException when an argument is null
     */
    public ScanOutcome run(ScanPlan plan, ScanListener listener, CancellationToken cancel) {
        return run(plan, null, listener, cancel);
    }

    /**
     * As {@link #run(ScanPlan, ScanListener, CancellationToken)}, for a caller whose own preflight of
     * {@code plan.target()} just passed with {@code fingerprint}: the engine does not check the target a second
     * time (every connection it opens is still checked against the policy). With a null fingerprint the engine runs
     * its preflight.
     */
    public ScanOutcome run(ScanPlan plan, EchoFingerprint fingerprint, ScanListener listener,
                           CancellationToken cancel) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancel, "cancel");
        return new ScanRun(plan, listener, cancel, clock, guard, preflight, fingerprint, probes, analyzer).execute();
    }

    /** The CLI's preflight: short timeouts, a small pool (every keep-alive connection is a goroutine there). */
    public static final TargetClientOptions PREFLIGHT_OPTIONS = new TargetClientOptions(Duration.ofSeconds(3),
            Duration.ofSeconds(5), 4, 16 << 20);

    /** Telemetry: short timeouts, a small pool (every keep-alive connection is a goroutine there). */
    static final TargetClientOptions TELEMETRY_OPTIONS = new TargetClientOptions(Duration.ofSeconds(3),
            Duration.ofSeconds(5), 4, 16 << 20);
}
