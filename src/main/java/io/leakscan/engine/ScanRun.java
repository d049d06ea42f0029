package io.leakscan.engine;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Analyzer;
import io.leakscan.analysis.EndpointObservation;
import io.leakscan.analysis.LoadRound;
import io.leakscan.analysis.ProfileSnapshots;
import io.leakscan.analysis.RoundKind;
import io.leakscan.analysis.ScanObservations;
import io.leakscan.analysis.TelemetryAvailability;
import io.leakscan.analysis.stats.Noise;
import io.leakscan.analysis.stats.Stats;
import io.leakscan.probe.AbortPlan;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.KeyPlan;
import io.leakscan.probe.LoadPlan;
import io.leakscan.probe.RoundTraffic;
import io.leakscan.probe.ProbeEngine;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ProbeSession;
import io.leakscan.probe.ProbeStopped;
import io.leakscan.probe.RoundOutcome;
import io.leakscan.probe.ScanProfile;
import io.leakscan.probe.StopReason;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.Preflight;
import io.leakscan.target.PreflightResult;
import io.leakscan.target.TargetClient;
import io.leakscan.target.TargetHttpClients;
import io.leakscan.telemetry.Capability;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.telemetry.ProfileSnapshot;
import io.leakscan.telemetry.Reading;
import io.leakscan.telemetry.SamplerStats;
import io.leakscan.telemetry.SamplingPlan;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.SourceFormat;
import io.leakscan.telemetry.TelemetryDiscovery;
import io.leakscan.telemetry.TelemetryHttp;
import io.leakscan.telemetry.TelemetryReader;
import io.leakscan.telemetry.TelemetrySampler;
import io.leakscan.telemetry.WebClientTelemetryHttp;
import io.leakscan.telemetry.parse.GoroutineDump;
import io.leakscan.telemetry.parse.GoroutineProfile;
import io.leakscan.telemetry.parse.ParseLimits;
import io.leakscan.telemetry.parse.ParseResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** The state of one scan while {@link ScanEngine#run} executes it. Not thread-safe: one thread drives it. */
final class ScanRun {

    /** A response not complete after this long marks the endpoint as streaming (or slow): it gets aborts. */
    static final Duration PILOT_LIMIT = Duration.ofSeconds(1);
    /** Echo-specific key-cardinality rounds when the profile itself sends none. */
    static final int ECHO_KEY_REQUESTS = 60;
    private static final Duration POLL = Duration.ofMillis(25);
    /** The longest the baseline is extended while the goroutine count still climbs. */
    static final Duration BASELINE_EXTENSION = Duration.ofSeconds(8);
    private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(6);
    private static final long TELEMETRY_MAX_BYTES = 64L << 20;

    private final ScanPlan plan;
    private final ScanListener listener;
    private final CancellationToken cancel;
    private final Clock clock;
    private final AddressGuard guard;
    /** Checks the target first; null when the caller's own preflight already passed (see {@link #passed}). */
    private final Preflight preflight;
    private final EchoFingerprint passed;
    private final ProbeEngine probes;
    private final Analyzer analyzer;

    private final Instant startedAt;
    private final Map<ScanPhase, Duration> phaseTimes = new EnumMap<>(ScanPhase.class);
    private ScanPhase phase;
    private Instant phaseStarted;

    private final LiveSamples live;
    private final List<ProfileSnapshot> snapshots = new ArrayList<>();
    private final List<EndpointReport> reports = new ArrayList<>();
    private final List<EndpointObservation> observed = new ArrayList<>();
    private final List<Endpointwork> works = new ArrayList<>();

    private EchoFingerprint fingerprint;
    private DiscoveryReport discovery;
    private TargetClient telemetryClient;
    private TelemetryHttp http;
    private TelemetryReader reader;
    private TelemetrySampler sampler;
    private ProbeSession session;
    private Instant baselineStart;
    private Instant baselineEnd;
    private final List<GoroutineProfile> baselineProfiles = new ArrayList<>();
    private GoroutineProfile baselineLeak;
    private TelemetryAvailability availability = TelemetryAvailability.NONE;
    private double goroutineThreshold = 2;
    private ProbeStopped stopped;
    private Runnable unregisterCancel = () -> { };

    ScanRun(ScanPlan plan, ScanListener listener, CancellationToken cancel, Clock clock, AddressGuard guard,
            Preflight preflight, EchoFingerprint passed, ProbeEngine probes, Analyzer analyzer) {
        this.plan = plan;
        this.listener = listener;
        this.cancel = cancel;
        this.clock = clock;
        this.guard = guard;
        this.preflight = preflight;
        this.passed = passed;
        this.probes = probes;
        this.analyzer = analyzer;
        this.live = new LiveSamples(listener);
        this.startedAt = clock.instant();
    }

    /** Per endpoint: what the analysis needs and what the report shows. */
    private static final class Endpointwork {
        final ScanEndpoint endpoint;
        final List<RoundReport> rounds = new ArrayList<>();
        boolean streaming;
        GoroutineProfile before;
        GoroutineProfile afterLoad;
        GoroutineProfile afterSettle;
        GoroutineProfile leakAfterSettle;
        Duration elapsed = Duration.ZERO;

        Endpointwork(ScanEndpoint endpoint) {
            this.endpoint = endpoint;
        }
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
                    e.getClass().getSimpleName() + ": " + e.getMessage()), analyzeIfProbed());
        } finally {
            unregisterCancel.run();
            stopTraffic();
            if (telemetryClient != null) {
                telemetryClient.close();
            }
        }
    }

    /** The endpoint being probed, by index in the plan: for progress. */
    private int endpointIndex;

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
                : await(() -> preflight.check(plan.target()));
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
        http = new WebClientTelemetryHttp(telemetryClient.webClient(), telemetryClient.target().baseUrl());
        reader = new TelemetryReader(ParseLimits.DEFAULT, plan.jsonPointers());
        TelemetryDiscovery discoverer = new TelemetryDiscovery(http, reader, clock, Duration.ofSeconds(2), 4,
                TELEMETRY_MAX_BYTES);
        discovery = await(() -> discoverer.discover(plan.telemetryPaths()));
        if (discovery == null) {
            return finish(ScanEnd.CANCELLED, null, null);
        }
        listener.discovered(discovery);
        listener.progress(0.03, 0, plan.endpoints().size());
        availability = availability(discovery, plan.target().separateTelemetry());
        SamplingPlan samplingPlan = Sampling.plan(discovery);
        sampler = new TelemetrySampler(http, reader, samplingPlan, Sampling.config(profile), clock, live);
        session = probes.open(plan.target(), sessionLimits(profile), cancel);
        if (cancel.isCancelled()) {
            return finish(ScanEnd.CANCELLED, null, null);
        }

        enter(ScanPhase.BASELINE, null);
        sampler.setPhase("baseline");
        sampler.start();
        baselineStart = clock.instant();
        if (!sleepUntil(baselineStart.plus(profile.baseline())) || !awaitSteadyBaseline()) {
            return finish(ScanEnd.CANCELLED, null, null);
        }
        baselineEnd = clock.instant();
        snapshot("baseline").ifPresent(baselineProfiles::add);
        baselineLeak = leakProfile("baseline", null);
        List<Double> baseline = live.values(Signal.GOROUTINES, baselineStart.minusNanos(1), baselineEnd);
        goroutineThreshold = Noise.measure(baseline, 2.0).threshold();
        live.flush();
        listener.progress(0.1, 0, plan.endpoints().size());

        int total = plan.endpoints().size();
        for (int i = 0; i < total && stopped == null; i++) {
            ScanEndpoint ep = plan.endpoints().get(i);
            Endpointwork work = new Endpointwork(ep);
            works.add(work);
            enter(ScanPhase.PROBING, ep.route());
            Instant t0 = clock.instant();
            endpointIndex = i;
            probeEndpoint(work, profile);
            work.elapsed = Duration.between(t0, clock.instant());
            live.flush();
            if (cancel.isCancelled()) {
                return finish(ScanEnd.CANCELLED, null, null);
            }
            listener.progress(0.1 + 0.7 * (i + 1) / total, i + 1, total);
            interim(null);
        }

        KeyRounds keys = keyRounds(profile);
        if (stopped == null && keys != null) {
            int keyed = 0;
            for (Endpointwork work : works) {
                keyed++;
                if (work.streaming || stopped != null) {
                    continue;
                }
                enter(ScanPhase.KEY_CARDINALITY, work.endpoint.route());
                Instant t0 = clock.instant();
                probeKeys(work, profile, keys);
                work.elapsed = work.elapsed.plus(Duration.between(t0, clock.instant()));
                if (cancel.isCancelled()) {
                    return finish(ScanEnd.CANCELLED, null, null);
                }
                listener.progress(Math.min(0.95, 0.8 + 0.15 * keyed / works.size()), total, total);
            }
            listener.progress(0.95, total, total);
        }

        enter(ScanPhase.ANALYSIS, null);
        stopTraffic();
        if (cancel.isCancelled()) {
            return finish(ScanEnd.CANCELLED, null, null);
        }
        AnalysisResult result = analyze();
        if (stopped != null) {
            return finish(ScanEnd.FAILED, ScanFailure.of(stopped.reason(), stopped.message()), result);
        }
        return finish(ScanEnd.SUCCEEDED, null, result);
    }

    // ------------------------------------------------------------------------------------------------- endpoints

    /**
     * The endpoint's request with {@code Connection: close} (unless the user set a Connection header): each probe
     * request gets its own connection, which the target closes after the response. Pooled keep-alive connections
     * would each hold a goroutine and a file descriptor in the target, and how many the pool happens to open varies
     * from round to round: that variation would read as growth (or hide it) at the scale of the noise thresholds.
     */
    static Endpoint closing(Endpoint e) {
        if (e.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Connection"))) {
            return e;
        }
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        headers.put("Connection", "close");
        return new Endpoint(e.method(), e.path(), e.body(), e.contentType(), headers);
    }

    private void probeEndpoint(Endpointwork work, ScanProfile profile) {
        ScanEndpoint ep = new ScanEndpoint(work.endpoint.route(), closing(work.endpoint.request()));
        sampler.setEndpoint(ep.route());
        sampler.setPhase("probe");
        quiesce(profile.settle());

        // One request with a short limit tells a stream or a slow handler from an ordinary endpoint: the former gets
        // client aborts, since plain load on a response that never completes would only measure the timeout.
        RoundOutcome pilot = session.abort(ep.request(), new AbortPlan(1, 1, profile.requestsPerSecond(),
                PILOT_LIMIT, Duration.ofSeconds(1)));
        record(work, "pilot", false, pilot, clock.instant());
        if (stop(pilot)) {
            return;
        }
        work.streaming = pilot.round().aborted() > 0;
        if (!work.streaming) {
            // Warms the handler up (lazy pools, first-use caches) before the reference level is read, so the first
            // round does not carry a one-off jump.
            int n = Math.max(1, profile.concurrency());
            RoundOutcome warm = session.load(ep.request(), new LoadPlan(2 * n, n, profile.requestsPerSecond()));
            record(work, "warm-up", false, warm, clock.instant());
            if (stop(warm)) {
                return;
            }
            quiesce(profile.settle());
        }
        work.before = snapshot("before").orElse(null);

        AbortPlan abortPlan = work.streaming ? abortPlan(profile) : null;
        LoadPlan loadPlan = profile.loadPlan();
        OptionalDouble reference = OptionalDouble.empty();
        for (int i = 0; i < profile.loadRounds(); i++) {
            sampler.setPhase(work.streaming ? "abort" : "load");
            RoundOutcome out = work.streaming ? session.abort(ep.request(), abortPlan)
                    : session.load(ep.request(), loadPlan);
            RoundTraffic round = out.round();
            if (i == 0) {
                reference = median3(live.valuesBefore(Signal.GOROUTINES, round.startedAt()));
            }
            // After every round, so an interim analysis can name the stacks; the last one is the endpoint's.
            work.afterLoad = snapshot("after-load-" + (i + 1)).orElse(null);
            sampler.setPhase("settle");
            Instant settleEnd = awaitWindow(round.endedAt(), reference, true, profile.roundGap(), profile.settle());
            record(work, work.streaming ? "abort" : "load", measures(out), out, settleEnd);
            int endpoints = plan.endpoints().size();
            // within the endpoint's share of 10 % to 80 %, round by round, so a long endpoint does not look stuck
            listener.progress(0.1 + 0.7 * (endpointIndex + (i + 1.0) / (profile.loadRounds() + 1)) / endpoints,
                    endpointIndex, endpoints);
            reference = median3(live.values(Signal.GOROUTINES, round.endedAt(), settleEnd));
            if (stop(out)) {
                break;
            }
            if (i >= 1 && i < profile.loadRounds() - 1) {
                // Growth in two rounds is already a finding worth showing live; the last round confirms it.
                interim(work);
            }
        }
        if (!cancel.isCancelled()) {
            work.afterSettle = snapshot("after-settle").orElse(null);
            work.leakAfterSettle = leakProfile("after-settle", ep);
        }
        observed.add(observation(work));
        reports.add(new EndpointReport(ep.route(), work.streaming, work.rounds, work.elapsed));
    }

    private AbortPlan abortPlan(ScanProfile profile) {
        if (profile.abortRequests() > 0) {
            return profile.abortPlan();
        }
        return new AbortPlan(20, Math.min(10, Math.max(1, profile.concurrency())), profile.requestsPerSecond(),
                Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    private record KeyRounds(int requests, List<KeyPlacement> placements, int repeatedRounds, int distinctRounds) {
    }

    /**
     * Key-cardinality rounds: the profile's, plus {@code X-Forwarded-For} for Echo (v4's {@code c.RealIP()} trusts
     * it by default). Null when there are none, or when the target offers no post-GC heap reading: the detector
     * measures memory per key, so without it the rounds would be load for nothing.
     */
    private KeyRounds keyRounds(ScanProfile profile) {
        List<KeyPlacement> placements = new ArrayList<>(profile.keyPlacements());
        int requests = profile.keyRequests();
        if (plan.echoSpecific()) {
            if (!placements.contains(KeyPlacement.xForwardedFor())) {
                placements.add(KeyPlacement.xForwardedFor());
            }
            requests = requests > 0 ? requests : ECHO_KEY_REQUESTS;
        }
        if (requests == 0 || placements.isEmpty() || !availability.offers(Signal.HEAP_AFTER_GC_BYTES)) {
            return null;
        }
        // A leak grows in every round: two distinct-key rounds at least, against one control round.
        int distinct = Math.max(2, Math.min(3, profile.loadRounds()));
        return new KeyRounds(requests, placements, 1, distinct);
    }

    private void probeKeys(Endpointwork work, ScanProfile profile, KeyRounds keys) {
        ScanEndpoint ep = new ScanEndpoint(work.endpoint.route(), closing(work.endpoint.request()));
        sampler.setEndpoint(ep.route());
        List<RoundReport> added = new ArrayList<>();
        outer:
        for (KeyPlacement placement : keys.placements()) {
            KeyPlan kp = new KeyPlan(keys.requests(), profile.concurrency(), profile.requestsPerSecond(), placement);
            // All control rounds first: a distinct-key round before a control round would lift the control's level.
            for (int i = 0; i < keys.repeatedRounds() + keys.distinctRounds(); i++) {
                boolean distinct = i >= keys.repeatedRounds();
                sampler.setPhase(distinct ? "key-distinct" : "key-repeated");
                RoundOutcome out = session.keyRound(ep.request(), kp, distinct);
                Instant settleEnd = awaitWindow(out.round().endedAt(), OptionalDouble.empty(), false,
                        profile.roundGap(), profile.settle());
                added.add(record(work, (distinct ? "key-distinct " : "key-repeated ") + describe(placement),
                        measures(out), out, settleEnd));
                if (stop(out)) {
                    break outer;
                }
            }
        }
        if (!added.isEmpty()) {
            int at = observed.indexOf(observed.stream().filter(o -> o.endpoint().equals(ep.route())).findFirst()
                    .orElse(null));
            if (at >= 0) {
                observed.set(at, observation(work));
            }
            for (int i = 0; i < reports.size(); i++) {
                if (reports.get(i).route().equals(ep.route())) {
                    reports.set(i, new EndpointReport(ep.route(), work.streaming, work.rounds, work.elapsed));
                }
            }
        }
    }

    private RoundReport record(Endpointwork work, String purpose, boolean analyzed, RoundOutcome out,
                               Instant settleEnd) {
        Instant end = settleEnd.isBefore(out.round().endedAt()) ? out.round().endedAt() : settleEnd;
        RoundReport report = new RoundReport(purpose, analyzed, out.round(), end);
        work.rounds.add(report);
        listener.round(work.endpoint.route(), report);
        return report;
    }

    /**
     * Whether a round counts for the analysis. A round cut short because the target showed distress does not: the
     * target was already failing its requests (502s, timeouts) instead of running the handler, so its few requests
     * retained nothing like the rounds before, and analysed with them they read as a plateau of a leak that
     * exhausted the target.
     */
    private static boolean measures(RoundOutcome out) {
        return !(out instanceof RoundOutcome.Stopped s && s.stop().reason() == StopReason.TARGET_DISTRESS);
    }

    /** True when the session stopped: remembers why (the first reason wins). */
    private boolean stop(RoundOutcome out) {
        if (out instanceof RoundOutcome.Stopped s) {
            if (stopped == null) {
                stopped = s.stop();
            }
            return true;
        }
        return cancel.isCancelled();
    }

    // ------------------------------------------------------------------------------------------- settle windows

    /**
     * Watches the target after a round until the window may close: at least {@code min} and, when the target
     * offers a post-GC heap, two such readings (the analyzer settles the heap level from them); for load rounds
     * also until the goroutine count is back within the noise (or a tenth of the peak, as the analyzer judges it)
     * of the level before the round. Never longer than {@code max}: a permanent leak stays up, and a lingering one
     * longer than that is judged as one that does not come back.
     */
    private Instant awaitWindow(Instant roundEnd, OptionalDouble reference, boolean goroutineRule, Duration min,
                                Duration max) {
        Instant softEnd = roundEnd.plus(min);
        Instant hardEnd = roundEnd.plus(max);
        boolean heap = availability.offers(Signal.HEAP_AFTER_GC_BYTES);
        boolean goroutines = goroutineRule && availability.offers(Signal.GOROUTINES) && reference.isPresent();
        while (true) {
            Instant now = clock.instant();
            if (cancel.isCancelled() || !now.isBefore(hardEnd) || sessionOver()) {
                return now;
            }
            if (!now.isBefore(softEnd)
                    && (!heap || live.values(Signal.HEAP_AFTER_GC_BYTES, roundEnd, now).size() >= 2)
                    && (!goroutines || backTo(reference.getAsDouble(), live.values(Signal.GOROUTINES, roundEnd, now)))) {
                return now;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Back within the tolerance in the last two readings, and no longer falling between them. Goroutines that linger
     * a fixed time end at the rate they started: closing on the way down, within a tenth of a large peak, carried
     * the rest into the next round's reference, and at deep's 2,000-request rounds that residue grew round over round
     * like a permanent leak.
     */
    private boolean backTo(double reference, List<Double> after) {
        if (after.size() < 3) {
            return false;
        }
        double peak = after.stream().mapToDouble(Double::doubleValue).max().orElseThrow() - reference;
        double tolerance = Math.max(goroutineThreshold, 0.1 * peak);
        double last = after.get(after.size() - 1);
        double before = after.get(after.size() - 2);
        boolean near = last - reference <= tolerance && before - reference <= tolerance;
        boolean falling = before - last > Math.max(goroutineThreshold, 0.02 * peak);
        return near && !falling;
    }

    /**
     * Before an endpoint: waits until the goroutine count has stopped moving (what the previous endpoint left
     * lingering has ended) so its reference level is not still falling, at most {@code max}.
     */
    private void quiesce(Duration max) {
        if (!availability.offers(Signal.GOROUTINES)) {
            return;
        }
        Instant until = clock.instant().plus(max);
        while (!cancel.isCancelled() && !sessionOver()) {
            Instant now = clock.instant();
            List<Double> recent = live.values(Signal.GOROUTINES, now.minusSeconds(1), now);
            if (recent.size() >= 3) {
                double lo = recent.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                double hi = recent.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                if (hi - lo <= goroutineThreshold) {
                    return;
                }
            }
            if (!now.isBefore(until)) {
                return;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Extends the baseline until the goroutine count has stopped climbing, at most {@link #BASELINE_EXTENSION}.
     * The scanner's own telemetry requests pass through the target's middleware: with the brief's middleware each
     * leaves a goroutine alive for 5 s, so the count climbs for the first 5 s of sampling and only then holds (the
     * sampling traffic is constant). A reference read on the climb would make every endpoint look as if it grew.
     * False when cancelled.
     */
    private boolean awaitSteadyBaseline() {
        if (!availability.offers(Signal.GOROUTINES)) {
            return !cancel.isCancelled();
        }
        Instant until = clock.instant().plus(BASELINE_EXTENSION);
        while (!cancel.isCancelled()) {
            Instant now = clock.instant();
            OptionalDouble recent = median(live.values(Signal.GOROUTINES, now.minusSeconds(1), now));
            OptionalDouble earlier = median(live.values(Signal.GOROUTINES, now.minusSeconds(2), now.minusSeconds(1)));
            if (recent.isPresent() && earlier.isPresent()
                    && Math.abs(recent.getAsDouble() - earlier.getAsDouble()) <= Math.max(2, 0.05 * recent.getAsDouble())) {
                return true;
            }
            if (!now.isBefore(until)) {
                return true;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return false;
    }

    private static OptionalDouble median(List<Double> values) {
        return values.size() < 3 ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(values));
    }

    private boolean sessionOver() {
        return session != null && session.stopped().map(s -> s.reason() == StopReason.CANCELLED
                || s.reason() == StopReason.DEADLINE).orElse(false);
    }

    private static OptionalDouble median3(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Stats.median(values.subList(Math.max(0, values.size() - 3), values.size())));
    }

    // ---------------------------------------------------------------------------------------------- profiles

    /** A goroutine profile now (debug=2 when served), kept for the outcome; empty when none is offered. */
    private Optional<GoroutineProfile> snapshot(String label) {
        if (sampler == null || discovery.chosen(Capability.GOROUTINE_STACKS).isEmpty() || cancel.isCancelled()) {
            return Optional.empty();
        }
        ProfileSnapshot snap = awaitFuture(sampler.snapshot(label));
        if (snap == null) {
            return Optional.empty();
        }
        synchronized (snapshots) {
            snapshots.add(snap);
        }
        return Optional.of(snap.dump().profile());
    }

    /** {@code /debug/pprof/goroutineleak} now, when the target serves it: goroutines the GC proved stuck. */
    private GoroutineProfile leakProfile(String label, ScanEndpoint ep) {
        if (!availability.goroutineLeakProfile() || cancel.isCancelled()) {
            return null;
        }
        String path = discovery.chosen(Capability.GOROUTINE_LEAK_PROFILE).orElse(Sampling.GOROUTINE_LEAK);
        TelemetryHttp.Response resp = awaitFuture(http.get(path, Duration.ofSeconds(5),
                reader.maxBodyBytes(SourceFormat.GOROUTINE_LEAK_DEBUG1)));
        if (resp == null) {
            return null;
        }
        ParseResult<Reading> r;
        try {
            if (resp.status() != 200) {
                return null;
            }
            r = reader.read(SourceFormat.GOROUTINE_LEAK_DEBUG1, resp.body(), false, clock.instant());
        } finally {
            resp.release();
        }
        if (!r.isParsed() || r.orThrow().goroutines() == null) {
            return null;
        }
        GoroutineDump dump = r.orThrow().goroutines();
        synchronized (snapshots) {
            snapshots.add(new ProfileSnapshot(label + "-goroutineleak", label, ep == null ? null : ep.route(), dump));
        }
        return dump.profile();
    }

    // ---------------------------------------------------------------------------------------------- analysis

    /**
     * With a separate telemetry address the profiles are served where the PROFILING_EXPOSED remedy says to serve them
     * (an admin listener the user pointed the scan at), so they are not reported as exposed.
     */
    private static TelemetryAvailability availability(DiscoveryReport d, boolean separateTelemetry) {
        Set<Signal> offered = EnumSet.noneOf(Signal.class);
        for (DiscoveryReport.Offer o : d.offered().values()) {
            d.probe(o.chosen()).ifPresent(p -> offered.addAll(p.signals()));
        }
        return new TelemetryAvailability(offered, d.offered().containsKey(Capability.GOROUTINE_STACKS),
                d.offered().containsKey(Capability.GOROUTINE_LEAK_PROFILE),
                separateTelemetry ? List.of() : d.exposedProfiles());
    }

    private EndpointObservation observation(Endpointwork work) {
        List<LoadRound> rounds = new ArrayList<>();
        for (RoundReport r : work.rounds) {
            if (r.analyzed()) {
                rounds.add(toAnalysis(r));
            }
        }
        return new EndpointObservation(work.endpoint.route(), rounds,
                new ProfileSnapshots(work.before, work.afterLoad, work.afterSettle, work.leakAfterSettle));
    }

    static LoadRound toAnalysis(RoundReport report) {
        RoundTraffic r = report.round();
        RoundKind kind = switch (r.kind()) {
            case LOAD -> RoundKind.LOAD;
            case ABORT -> RoundKind.ABORT;
            case DISTINCT_KEY -> RoundKind.DISTINCT_KEY;
            case REPEATED_KEY -> RoundKind.REPEATED_KEY;
        };
        LoadRound.Latency latency = r.latency().samples() == 0 ? null
                : new LoadRound.Latency(r.latency().p50Millis(), r.latency().p95Millis(),
                r.latency().p99Millis());
        long confirmed = Math.min(r.abortsConfirmedClosed(), r.aborted());
        return new LoadRound(kind, r.startedAt(), r.endedAt(), report.settleEnd(),
                r.completed(), r.aborted(), confirmed, r.errorCount() + r.interrupted(), latency,
                r.key() == null ? null : describe(r.key()));
    }

    static String describe(KeyPlacement placement) {
        return switch (placement) {
            case KeyPlacement.Header h -> "header " + h.name();
            case KeyPlacement.QueryParam q -> "query parameter " + q.name();
            case KeyPlacement.PathSegment p -> "path segment " + p.token();
        };
    }

    private AnalysisResult analyze() {
        return analyze(observed);
    }

    private AnalysisResult analyze(List<EndpointObservation> endpoints) {
        Instant from = baselineStart == null ? startedAt : baselineStart;
        Instant to = baselineEnd == null ? from : baselineEnd;
        ScanObservations obs = new ScanObservations(live.all(), from, to, baselineProfiles, baselineLeak, endpoints,
                availability, List.of());
        return analyzer.analyze(obs);
    }

    /** The analysis of everything so far (with {@code current}'s rounds so far, when given), to the listener. */
    private void interim(Endpointwork current) {
        List<EndpointObservation> endpoints = new ArrayList<>(observed);
        if (current != null) {
            endpoints.add(observation(current));
        }
        listener.interimResult(analyze(endpoints), Duration.between(startedAt, clock.instant()));
    }

    private AnalysisResult analyzeIfProbed() {
        try {
            return observed.isEmpty() ? null : analyze();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // -------------------------------------------------------------------------------------------- plumbing

    private ProbeLimits sessionLimits(ScanProfile profile) {
        ProbeLimits asked = plan.limits();
        // The probe's pool holds as many connections as the session's concurrency: no more than the rounds use.
        int concurrency = Math.min(asked.maxConcurrency(), Math.max(profile.concurrency(), profile.abortConcurrency()));
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

    /** Runs a blocking step off this thread, so a cancel returns within a poll; null when cancelled. */
    private <T> T await(Supplier<T> step) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(step, task -> Thread.ofVirtual().start(task));
        return awaitFuture(f);
    }

    private <T> T awaitFuture(CompletableFuture<T> f) {
        Instant limit = clock.instant().plus(Duration.ofMinutes(2));
        while (!cancel.isCancelled()) {
            try {
                return f.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (clock.instant().isAfter(limit)) {
                    f.cancel(true);
                    return null;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re && isEngineBug(re)) {
                    throw re;
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel("the scan thread was interrupted");
            } catch (CancellationException e) {
                return null;
            }
        }
        f.cancel(true);
        return null;
    }

    /** Telemetry failures (timeouts, HTTP errors, bad bodies) leave a gap; anything else is a bug to surface. */
    private static boolean isEngineBug(RuntimeException e) {
        return e instanceof NullPointerException || e instanceof ClassCastException;
    }

    private boolean sleepUntil(Instant until) {
        while (!cancel.isCancelled()) {
            Instant now = clock.instant();
            if (!now.isBefore(until)) {
                return true;
            }
            LockSupport.parkNanos(Math.min(POLL.toNanos(), Duration.between(now, until).toNanos()));
        }
        return false;
    }

    private ScanOutcome finish(ScanEnd status, ScanFailure failure, AnalysisResult result) {
        enter(ScanPhase.DONE, null);
        TelemetrySampler s = sampler;
        if (s != null) {
            s.stop();
        }
        live.flush();
        // Endpoints cut short by a cancel or a stop still show what they did.
        for (Endpointwork w : works) {
            if (reports.stream().noneMatch(r -> r.route().equals(w.endpoint.route()))) {
                reports.add(new EndpointReport(w.endpoint.route(), w.streaming, w.rounds, w.elapsed));
            }
        }
        SamplerStats stats = s == null ? null : s.stats();
        List<ProfileSnapshot> profiles;
        synchronized (snapshots) {
            profiles = List.copyOf(snapshots);
        }
        ScanTimings timings = new ScanTimings(startedAt, clock.instant(), phaseTimes);
        return new ScanOutcome(status, failure, fingerprint, discovery, result, reports, live.all(), profiles, stats,
                live.restarts(), timings);
    }
}
