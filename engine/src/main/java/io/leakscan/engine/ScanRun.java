package io.leakscan.engine;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Analyzer;
import io.leakscan.analysis.TelemetryAvailability;
import io.leakscan.analysis.stats.Noise;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeEngine;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ProbeSession;
import io.leakscan.probe.ProbeStopped;
import io.leakscan.probe.ScanProfile;
import io.leakscan.probe.StopReason;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.Preflight;
import io.leakscan.target.PreflightResult;
import io.leakscan.target.TargetClient;
import io.leakscan.target.TargetHttpClients;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.telemetry.ProfileSnapshot;
import io.leakscan.telemetry.SamplerStats;
import io.leakscan.telemetry.SamplingPlan;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.TelemetryDiscovery;
import io.leakscan.telemetry.TelemetryHttp;
import io.leakscan.telemetry.TelemetryReader;
import io.leakscan.telemetry.TelemetrySampler;
import io.leakscan.telemetry.WebClientTelemetryHttp;
import io.leakscan.telemetry.parse.ParseLimits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scan while {@link ScanEngine#run} executes it, phase by phase: preflight, discovery, baseline, the endpoints'
 * rounds, key rounds, analysis. The rounds, windows, profiles and evidence live in rooms of their own; this class
 * sequences them and turns the end into an outcome. Not thread-safe: one thread drives it.
 */
final class ScanRun {

    private static final long TELEMETRY_MAX_BYTES = 64L << 20;

    private final ScanPlan plan;
    private final ScanListener listener;
    private final CancellationToken cancel;
    private final Clock clock;
    private final Waits waits;
    private final AddressGuard guard;
    /** Checks the target first; null when the caller's own preflight already passed (see {@link #passed}). */
    private final Preflight preflight;
    private final EchoFingerprint passed;
    private final ProbeEngine probes;

    private final Instant startedAt;
    private final Map<ScanPhase, Duration> phaseTimes = new EnumMap<>(ScanPhase.class);
    private ScanPhase phase;
    private Instant phaseStarted;

    private final LiveSamples live;
    private final ScanEvidence evidence;

    private EchoFingerprint fingerprint;
    private DiscoveryReport discovery;
    private TargetClient telemetryClient;
    private TelemetrySampler sampler;
    private ProbeSession session;
    private ProfileCapture capture;
    private EndpointProbe probe;
    private Runnable unregisterCancel = () -> { };

    ScanRun(ScanPlan plan, ScanListener listener, CancellationToken cancel, Clock clock, AddressGuard guard,
            Preflight preflight, EchoFingerprint passed, ProbeEngine probes, Analyzer analyzer) {
        this.plan = plan;
        this.listener = listener;
        this.cancel = cancel;
        this.clock = clock;
        this.waits = new Waits(clock, cancel, Waits.PARK);
        this.guard = guard;
        this.preflight = preflight;
        this.passed = passed;
        this.probes = probes;
        this.live = new LiveSamples(listener);
        this.startedAt = clock.instant();
        this.evidence = new ScanEvidence(analyzer, live, startedAt);
    }

    ScanOutcome execute() {
        try {
            return scan();
        } catch (RuntimeException e) {
            stopTraffic();
            if (cancel.isCancelled()) {
                return finish(ScanEnd.CANCELLED, null, null);
            }
            return finish(ScanEnd.FAILED, new ScanFailure(ScanFailure.ENGINE_ERROR,
                    e.getClass().getSimpleName() + ": " + e.getMessage()), evidence.analyzeIfProbed());
        } finally {
            unregisterCancel.run();
            stopTraffic();
            if (telemetryClient != null) {
                telemetryClient.close();
            }
        }
    }

    private ScanOutcome scan() {
        ScanProfile profile;
        try {
            profile = plan.profile().with(plan.overrides(), probes.serverMaxima());
        } catch (IllegalArgumentException e) {
            return finish(ScanEnd.FAILED, new ScanFailure(ScanFailure.INVALID_PLAN, e.getMessage()), null);
        }
        unregisterCancel = cancel.onCancel(reason -> stopTraffic());

        enter(ScanPhase.PREFLIGHT, null);
        PreflightResult pre = passed != null ? new PreflightResult.Passed(passed)
                : waits.await(() -> preflight.check(plan.target()));
        if (pre == null) {
            return finish(ScanEnd.CANCELLED, null, null);
        }
        if (pre instanceof PreflightResult.Failed f) {
            return finish(ScanEnd.FAILED, ScanFailure.of(f.code(), f.message()), null);
        }
        fingerprint = ((PreflightResult.Passed) pre).fingerprint();
        listener.preflightPassed(fingerprint);

        enter(ScanPhase.DISCOVERY, null);
        // telemetry may live on an admin listener of its own; load still goes to the base URL
        telemetryClient = TargetHttpClients.open(plan.target().telemetryTarget(), guard, ScanEngine.TELEMETRY_OPTIONS);
        TelemetryHttp http = new WebClientTelemetryHttp(telemetryClient.webClient(),
                telemetryClient.target().baseUrl());
        TelemetryReader reader = new TelemetryReader(ParseLimits.DEFAULT, plan.jsonPointers());
        TelemetryDiscovery discoverer = new TelemetryDiscovery(http, reader, clock, Duration.ofSeconds(2), 4,
                TELEMETRY_MAX_BYTES);
        discovery = waits.await(() -> discoverer.discover(plan.telemetryPaths()));
        if (discovery == null) {
            return finish(ScanEnd.CANCELLED, null, null);
        }
        listener.discovered(discovery);
        listener.progress(0.03, 0, plan.endpoints().size());
        TelemetryAvailability availability = ScanEvidence.availability(discovery, plan.target().separateTelemetry());
        evidence.availability(availability);
        // A plan its limits cannot hold would stop on its budget or deadline after many minutes of load, judged on
        // part of its endpoints: refuse it before the first request, with what it needs.
        ProbeLimits effective = sessionLimits(profile).within(probes.serverMaxima());
        Optional<String> tooBig = PlannedTraffic.of(plan, probes.serverMaxima(),
                availability.offers(Signal.HEAP_AFTER_GC_BYTES)).exceeds(effective, profile.name(),
                plan.endpoints().size());
        if (tooBig.isPresent()) {
            return finish(ScanEnd.FAILED, new ScanFailure(ScanFailure.PLAN_EXCEEDS_LIMITS, tooBig.get()), null);
        }
        SamplingPlan samplingPlan = Sampling.plan(discovery);
        sampler = new TelemetrySampler(http, reader, samplingPlan, Sampling.config(profile), clock, live);
        capture = new ProfileCapture(sampler, discovery, availability, http, reader, clock, waits);
        session = probes.open(plan.target(), sessionLimits(profile), cancel);
        if (cancel.isCancelled()) {
            return finish(ScanEnd.CANCELLED, null, null);
        }
        SettleWindows windows = new SettleWindows(live, waits, availability, this::sessionOver);

        enter(ScanPhase.BASELINE, null);
        sampler.setPhase("baseline");
        sampler.start();
        Instant baselineStart = clock.instant();
        evidence.baselineStarted(baselineStart);
        if (!waits.sleepUntil(baselineStart.plus(profile.baseline())) || !windows.awaitSteadyBaseline()) {
            return finish(ScanEnd.CANCELLED, null, null);
        }
        Instant baselineEnd = clock.instant();
        evidence.baselineEnded(baselineEnd, capture.snapshot("baseline").orElse(null),
                capture.leakProfile("baseline", null));
        List<Double> baseline = live.values(Signal.GOROUTINES, baselineStart.minusNanos(1), baselineEnd);
        windows.measuredNoise(Noise.measure(baseline, 2.0).threshold());
        live.flush();
        listener.progress(0.1, 0, plan.endpoints().size());

        RoundPlan rounds = RoundPlan.of(profile, plan.echoSpecific(), availability.offers(Signal.HEAP_AFTER_GC_BYTES),
                availability.offers(Signal.GC_COUNT));
        RoundContext context = new RoundContext(rounds, session, sampler, live, windows, capture, evidence, waits,
                listener, this::enter);
        probe = new EndpointProbe(context, this::interim, plan.endpoints().size());
        int total = plan.endpoints().size();
        boolean screened = GroupScreening.applies(total);
        if (screened) {
            new GroupScreening(context, probe, () -> interim(null)).probeAll(plan.endpoints());
            if (cancel.isCancelled()) {
                return finish(ScanEnd.CANCELLED, null, null);
            }
        }
        for (int i = 0; !screened && i < total && probe.stopped() == null; i++) {
            ScanEndpoint ep = plan.endpoints().get(i);
            EndpointWork work = evidence.start(ep);
            enter(ScanPhase.PROBING, ep.route());
            Instant t0 = clock.instant();
            probe.probe(work, i);
            work.elapsed = Duration.between(t0, clock.instant());
            live.flush();
            if (cancel.isCancelled()) {
                return finish(ScanEnd.CANCELLED, null, null);
            }
            listener.progress(0.1 + 0.7 * (i + 1) / total, i + 1, total);
            interim(null);
        }

        if (probe.stopped() == null) {
            new AbortScreening(context, probe).abortAll(evidence.works());
            if (cancel.isCancelled()) {
                return finish(ScanEnd.CANCELLED, null, null);
            }
            listener.progress(0.8, total, total);
            interim(null);
        }

        if (probe.stopped() == null && rounds.wrongInputs() != null) {
            new ErrorScreening(context, probe, ErrorInput.hasAuth(plan.target().headers()))
                    .screenAll(evidence.works());
            if (cancel.isCancelled()) {
                return finish(ScanEnd.CANCELLED, null, null);
            }
            listener.progress(0.85, total, total);
            interim(null);
        }

        if (probe.stopped() == null && rounds.keys() != null) {
            new KeyScreening(context, probe).probeAllKeys(evidence.works());
            if (cancel.isCancelled()) {
                return finish(ScanEnd.CANCELLED, null, null);
            }
            listener.progress(0.95, total, total);
        }

        enter(ScanPhase.ANALYSIS, null);
        stopTraffic();
        if (cancel.isCancelled()) {
            return finish(ScanEnd.CANCELLED, null, null);
        }
        AnalysisResult result = evidence.analyze();
        ProbeStopped stopped = probe.stopped();
        if (stopped != null) {
            return finish(ScanEnd.FAILED, ScanFailure.of(stopped.reason(), stopped.message()), result);
        }
        return finish(ScanEnd.SUCCEEDED, null, result);
    }

    /** The analysis of everything so far (with {@code current}'s rounds so far, when given), to the listener. */
    private void interim(EndpointWork current) {
        listener.interimResult(evidence.interim(current), Duration.between(startedAt, clock.instant()));
    }

    private boolean sessionOver() {
        return session != null && session.stopped().map(s -> s.reason() == StopReason.CANCELLED
                || s.reason() == StopReason.DEADLINE).orElse(false);
    }

    private ProbeLimits sessionLimits(ScanProfile profile) {
        ProbeLimits asked = plan.limits();
        // The probe's pool holds as many connections as the session's concurrency: no more than the rounds use (the
        // streams' rounds use the most: at least as many as the aborts').
        int concurrency = Math.min(asked.maxConcurrency(), Math.max(profile.concurrency(),
                RoundPlan.streams(profile, RoundPlan.abortPlan(profile)).concurrency()));
        return new ProbeLimits(asked.maxRequestsPerSecond(), concurrency, asked.maxTotalRequests(), asked.maxDuration());
    }

    private void enter(ScanPhase next, EndpointRef endpoint) {
        Instant now = clock.instant();
        if (phase != null) {
            phaseTimes.merge(phase, Duration.between(phaseStarted, now), Duration::plus);
        }
        phase = next;
        phaseStarted = now;
        listener.phase(next, endpoint);
    }

    /** Stops the sampler and the probe: no more target traffic. Idempotent; safe from the cancelling thread. */
    private void stopTraffic() {
        TelemetrySampler s = sampler;
        if (s != null) {
            s.stop();
        }
        ProbeSession p = session;
        if (p != null && cancel.isCancelled()) {
            p.cancel(cancel.reason().orElse("cancelled"));
        }
        TargetClient t = telemetryClient;
        if (t != null && cancel.isCancelled()) {
            // Cuts discovery requests still in flight; off this thread, since closing waits for the pool.
            Thread.ofVirtual().start(t::close);
        }
    }

    private ScanOutcome finish(ScanEnd status, ScanFailure failure, AnalysisResult result) {
        enter(ScanPhase.DONE, null);
        TelemetrySampler s = sampler;
        if (s != null) {
            s.stop();
        }
        live.flush();
        List<EndpointReport> reports = evidence.reports();
        SamplerStats stats = s == null ? null : s.stats();
        List<ProfileSnapshot> profiles = capture == null ? List.of() : capture.all();
        ScanTimings timings = new ScanTimings(startedAt, clock.instant(), phaseTimes);
        return new ScanOutcome(status, failure, fingerprint, discovery, result, reports, live.all(), profiles, stats,
                live.restarts(), timings);
    }
}
