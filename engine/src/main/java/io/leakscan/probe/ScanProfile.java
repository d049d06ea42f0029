package io.leakscan.probe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How much traffic a scan sends per endpoint and how long it watches afterwards. Three presets, {@link #QUICK},
 * {@link #MEMORY} (the default) and {@link #DEEP}; every parameter can be overridden within the server maxima
 * ({@link #with}). docs/profiles.md explains the numbers.
 *
 * <p>Per endpoint, a scan runs {@code loadRounds} rounds of {@code requestsPerRound} requests, waiting
 * {@code roundGap} after each so telemetry can be sampled; then {@code abortRequests} client aborts cut after
 * {@code abortAfter} (an endpoint that streams gets rounds of {@code streamRequests} such aborts instead of load
 * rounds: they are its only evidence); then, for each key placement, a repeated-key and a distinct-key round of
 * {@code keyRequests};
 * then a {@code settle} window sampled at high frequency to classify the decay. A {@code baseline} is sampled once
 * per scan before any load.
 */
public record ScanProfile(
        String name,
        Duration baseline,
        int loadRounds,
        int requestsPerRound,
        int concurrency,
        double requestsPerSecond,
        Duration roundGap,
        Duration settle,
        int abortRequests,
        int abortConcurrency,
        Duration abortAfter,
        int streamRequests,
        int keyRequests,
        List<KeyPlacement> keyPlacements) {

    /**
     * Finds the brief's two leaks within 20 s of the start of a scan: three rounds so growth "in every round" can be
     * judged, aborts for the stream handler, and a 6 s settle window that outlasts the 5 s lingering goroutines.
     * 250 requests/s so a round takes about half a second: the scan engine closes each settle window as soon as the
     * target is back at its level, so a clean endpoint costs seconds, not rounds x settle. Its gap is half a second:
     * a window still stays open until the heap has two post-GC readings (read every 400 ms with quick) and the
     * goroutine count three readings back at its level, about 0.9 s, so the gap only stopped windows that already
     * held what the analysis reads (a 1 s gap made a screened window 1.24 s on average, and quick's 28 windows on the
     * lab's shop service 10 s longer: 129.7 s against 119.4 s, the same 19,217 requests).
     */
    public static final ScanProfile QUICK = new ScanProfile("quick", Duration.ofSeconds(2), 3, 150, 8, 250,
            Duration.ofMillis(500), Duration.ofSeconds(6), 20, 10, Duration.ofMillis(500), 50, 0, List.of());

    /** The default: five rounds for a trustworthy slope on the heap, and one key-cardinality pair. */
    public static final ScanProfile MEMORY = new ScanProfile("memory", Duration.ofSeconds(5), 5, 400, 16, 200,
            Duration.ofSeconds(1), Duration.ofSeconds(8), 50, 10, Duration.ofMillis(500), 50, 1_000,
            List.of(KeyPlacement.xForwardedFor()));

    /** Slow leaks: more rounds and requests, every header placement, and a long settle. */
    public static final ScanProfile DEEP = new ScanProfile("deep", Duration.ofSeconds(10), 8, 2_000, 32, 400,
            Duration.ofSeconds(1), Duration.ofSeconds(15), 200, 20, Duration.ofSeconds(1), 200, 2_000,
            List.of(KeyPlacement.xForwardedFor(), KeyPlacement.xRealIp(), new KeyPlacement.QueryParam("key")));

    public static final ScanProfile DEFAULT = MEMORY;

    public static final List<ScanProfile> PRESETS = List.of(QUICK, MEMORY, DEEP);

    public ScanProfile {
        Objects.requireNonNull(name, "name");
        requireNonNegative(baseline, "baseline");
        requireNonNegative(roundGap, "roundGap");
        requireNonNegative(settle, "settle");
        Objects.requireNonNull(abortAfter, "abortAfter");
        keyPlacements = List.copyOf(Objects.requireNonNull(keyPlacements, "keyPlacements"));
        requireAtLeast(loadRounds, 1, "loadRounds");
        requireAtLeast(requestsPerRound, 1, "requestsPerRound");
        requireAtLeast(concurrency, 1, "concurrency");
        requireAtLeast(abortRequests, 0, "abortRequests");
        requireAtLeast(abortConcurrency, 1, "abortConcurrency");
        requireAtLeast(streamRequests, 0, "streamRequests");
        requireAtLeast(keyRequests, 0, "keyRequests");
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be a positive finite number: " + requestsPerSecond);
        }
        if (abortAfter.isNegative() || abortAfter.isZero()) {
            throw new IllegalArgumentException("abortAfter must be positive: " + abortAfter);
        }
    }

    /** A preset by name, case-insensitively. */
    public static ScanProfile named(String name) {
        Objects.requireNonNull(name, "name");
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return PRESETS.stream().filter(p -> p.name.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown profile '" + name + "'; known: quick, memory, deep"));
    }

    /**
     * This profile with {@code overrides} applied, checked against the server maxima: a concurrency or rate above
     * them is refused with a message naming the parameter, never silently lowered.
     */
    public ScanProfile with(ProfileOverrides overrides, ProbeLimits serverMaxima) {
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(serverMaxima, "serverMaxima");
        ScanProfile tuned = new ScanProfile(name,
                or(overrides.baseline(), baseline),
                or(overrides.loadRounds(), loadRounds),
                or(overrides.requestsPerRound(), requestsPerRound),
                or(overrides.concurrency(), concurrency),
                or(overrides.requestsPerSecond(), requestsPerSecond),
                or(overrides.roundGap(), roundGap),
                or(overrides.settle(), settle),
                or(overrides.abortRequests(), abortRequests),
                or(overrides.abortConcurrency(), abortConcurrency),
                or(overrides.abortAfter(), abortAfter),
                // a tuned abort count is the streams' count too: the caller asked for that many aborts
                or(overrides.abortRequests(), streamRequests),
                or(overrides.keyRequests(), keyRequests),
                or(overrides.keyPlacements(), keyPlacements));
        tuned.requireWithin(serverMaxima);
        return tuned;
    }

    /** Refuses a profile whose concurrency or rate exceeds the server maxima. */
    public void requireWithin(ProbeLimits serverMaxima) {
        if (Math.max(concurrency, abortConcurrency) > serverMaxima.maxConcurrency()) {
            throw new IllegalArgumentException("concurrency " + Math.max(concurrency, abortConcurrency)
                    + " exceeds the server maximum of " + serverMaxima.maxConcurrency());
        }
        if (requestsPerSecond > serverMaxima.maxRequestsPerSecond()) {
            throw new IllegalArgumentException("requestsPerSecond " + requestsPerSecond
                    + " exceeds the server maximum of " + serverMaxima.maxRequestsPerSecond());
        }
    }

    public LoadPlan loadPlan() {
        return new LoadPlan(requestsPerRound, concurrency, requestsPerSecond);
    }

    /** The abort round's plan; confirmation waits up to a second for the channel to close. */
    public AbortPlan abortPlan() {
        if (abortRequests == 0) {
            throw new IllegalStateException("profile " + name + " sends no aborts");
        }
        return new AbortPlan(abortRequests, abortConcurrency, requestsPerSecond, abortAfter, Duration.ofSeconds(1));
    }

    public KeyPlan keyPlan(KeyPlacement placement) {
        if (keyRequests == 0) {
            throw new IllegalStateException("profile " + name + " sends no key-cardinality rounds");
        }
        return new KeyPlan(keyRequests, concurrency, requestsPerSecond, placement);
    }

    /** Requests sent to one endpoint. */
    public long requestsPerEndpoint() {
        return (long) loadRounds * requestsPerRound + abortRequests + 2L * keyRequests * keyPlacements.size();
    }

    /** Traffic time plus gaps and settle for one endpoint, at the profile's rate (a target that answers quickly). */
    public Duration expectedDurationPerEndpoint() {
        double seconds = loadRounds * (requestsPerRound / requestsPerSecond + secs(roundGap));
        if (abortRequests > 0) {
            double abortRate = Math.min(requestsPerSecond, abortConcurrency / secs(abortAfter));
            seconds += abortRequests / abortRate + secs(abortAfter) + secs(roundGap);
        }
        seconds += keyPlacements.size() * 2 * (keyRequests / requestsPerSecond + secs(roundGap));
        seconds += secs(settle);
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Expected wall-clock time of a scan of {@code endpoints} endpoints: the baseline, then each endpoint in turn. */
    public Duration expectedDuration(int endpoints) {
        requireAtLeast(endpoints, 1, "endpoints");
        return baseline.plus(expectedDurationPerEndpoint().multipliedBy(endpoints));
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static <T> T or(T override, T preset) {
        return override != null ? override : preset;
    }

    private static void requireNonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
    }

    private static void requireAtLeast(int value, int min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ": " + value);
        }
    }
}
