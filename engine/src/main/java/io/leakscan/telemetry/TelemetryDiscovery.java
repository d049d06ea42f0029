package io.leakscan.telemetry;

import io.leakscan.telemetry.parse.ParseResult;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Probes the known telemetry paths of a Go service (plus the user's), identifies each body's format from its
 * content, and chooses the best source per {@link Capability}. At most {@code concurrency} requests at once, each
 * with a short timeout; a dead or slow path costs one timeout, never the scan.
 */
public final class TelemetryDiscovery {

    public static final List<String> KNOWN_PATHS = List.of(
            "/debug/pprof/goroutine?debug=1",
            "/debug/pprof/goroutine?debug=2",
            "/debug/pprof/heap?debug=1&gc=1",
            "/debug/pprof/goroutineleak?debug=1",
            "/debug/vars",
            "/metrics",
            "/health/memory");

    private final TelemetryHttp http;
    private final TelemetryReader reader;
    private final Clock clock;
    private final Duration timeout;
    private final int concurrency;
    private final long maxBytes;

    public TelemetryDiscovery(TelemetryHttp http, TelemetryReader reader, Clock clock, Duration timeout,
                              int concurrency, long maxBytes) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.http = http;
        this.reader = reader;
        this.clock = clock;
        this.timeout = timeout;
        this.concurrency = concurrency;
        this.maxBytes = Math.min(maxBytes, reader.maxBodyBytes()); // the format is not known before the body is
    }

    public TelemetryDiscovery(TelemetryHttp http, Clock clock) {
        this(http, TelemetryReader.defaults(), clock, Duration.ofSeconds(2), 4, 64L << 20);
    }

    /** Probes {@link #KNOWN_PATHS} and {@code extraPaths}; blocks until every probe has answered or timed out. */
    public DiscoveryReport discover(List<String> extraPaths) {
        Set<String> paths = new LinkedHashSet<>(KNOWN_PATHS);
        paths.addAll(extraPaths);
        List<DiscoveryReport.Probe> probes = new ArrayList<>(probeAll(List.copyOf(paths)));
        // a timeout gets one more try: the first request of a fresh client (connection pool, event loop, class
        // loading) or a target's GC pause can eat a short timeout once
        List<String> timedOut = probes.stream().filter(p -> p.problem() != null && p.problem().startsWith("timed out"))
                .map(DiscoveryReport.Probe::path).toList();
        if (!timedOut.isEmpty()) {
            for (DiscoveryReport.Probe retry : probeAll(timedOut)) {
                probes.replaceAll(p -> p.path().equals(retry.path()) ? retry : p);
            }
        }
        return report(probes);
    }

    private List<DiscoveryReport.Probe> probeAll(List<String> paths) {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<DiscoveryReport.Probe>> futures = new ArrayList<>();
        for (String path : paths) {
            permits.acquireUninterruptibly();
            CompletableFuture<DiscoveryReport.Probe> f;
            try {
                f = http.get(path, timeout, maxBytes)
                        .orTimeout(timeout.toMillis() + 250, TimeUnit.MILLISECONDS)
                        .handle((resp, err) -> probe(path, resp, err));
            } catch (RuntimeException e) {
                f = CompletableFuture.completedFuture(probe(path, null, e));
            }
            f.whenComplete((p, e) -> permits.release());
            futures.add(f);
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private DiscoveryReport.Probe probe(String path, TelemetryHttp.Response resp, Throwable err) {
        boolean forcedGc = path.contains("gc=1");
        if (err != null) {
            Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            String why = c instanceof TimeoutException ? "timed out after " + timeout.toMillis() + " ms"
                    : c instanceof TelemetryHttp.BodyTooLargeException ? "body larger than " + maxBytes + " bytes"
                    : c instanceof TelemetryHttp.BudgetExhaustedException ? c.getMessage()
                    : "request failed: " + c.getClass().getSimpleName();
            return new DiscoveryReport.Probe(path, 0, SourceFormat.UNKNOWN, why, forcedGc, Set.of());
        }
        if (resp.status() != 200) {
            resp.release();
            return new DiscoveryReport.Probe(path, resp.status(), SourceFormat.UNKNOWN, "HTTP " + resp.status(), forcedGc, Set.of());
        }
        ParseResult<Reading> r;
        try {
            r = reader.sniff(resp.body(), forcedGc, clock.instant());
        } finally {
            resp.release();
        }
        return switch (r) {
            case ParseResult.Parsed<Reading> p -> new DiscoveryReport.Probe(path, 200, p.value().format(), null,
                    forcedGc || p.value().format() == SourceFormat.MEMORY_JSON, p.value().values().keySet());
            case ParseResult.Failed<Reading> f -> new DiscoveryReport.Probe(path, 200, SourceFormat.UNKNOWN,
                    "not telemetry: " + f.failure(), forcedGc, Set.of());
        };
    }

    /** Preference per capability, best first; ties keep probe order. */
    static DiscoveryReport report(List<DiscoveryReport.Probe> probes) {
        Map<Capability, DiscoveryReport.Offer> offered = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            List<String> sources = new ArrayList<>();
            for (List<SourceFormat> tier : preference(c)) {
                for (DiscoveryReport.Probe p : probes) {
                    if (p.usable() && tier.contains(p.format()) && qualifies(c, p)) {
                        sources.add(p.path());
                    }
                }
            }
            if (!sources.isEmpty()) {
                offered.put(c, new DiscoveryReport.Offer(c, sources, sources.getFirst()));
            }
        }
        List<DiscoveryReport.Missing> missing = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if (!offered.containsKey(c)) {
                missing.add(new DiscoveryReport.Missing(c, c.whyItMatters()));
            }
        }
        List<String> exposed = probes.stream().filter(p -> p.usable() && p.format().isProfile())
                .map(DiscoveryReport.Probe::path).toList();
        return new DiscoveryReport(probes, offered, missing, exposed);
    }

    private static boolean qualifies(Capability c, DiscoveryReport.Probe p) {
        Set<Signal> s = p.signals();
        return switch (c) {
            case GOROUTINE_COUNT -> s.contains(Signal.GOROUTINES);
            case HEAP_AFTER_GC -> s.contains(Signal.HEAP_AFTER_GC_BYTES);
            case HEAP_WITHOUT_GC -> s.contains(Signal.HEAP_ALLOC_BYTES);
            case OPEN_FDS -> s.contains(Signal.OPEN_FDS);
            case RESIDENT_MEMORY -> s.contains(Signal.RESIDENT_BYTES);
            case RESTART_MARKER -> s.contains(Signal.PROCESS_START_SECONDS) || p.format() == SourceFormat.EXPVAR;
            case GOROUTINE_STACKS, GOROUTINE_LEAK_PROFILE -> true;
        };
    }

    private static final SourceFormat[] METRICS = {SourceFormat.PROMETHEUS_TEXT, SourceFormat.OPENMETRICS};

    // Note: a Prometheus endpoint may lack a metric (e.g. process_* off on macOS); the sampler records that as a gap.
    private static List<List<SourceFormat>> preference(Capability c) {
        return switch (c) {
            case GOROUTINE_COUNT -> List.of(List.of(METRICS), List.of(SourceFormat.GOROUTINE_DEBUG1),
                    List.of(SourceFormat.GOROUTINE_PPROF), List.of(SourceFormat.GOROUTINE_DEBUG2));
            case GOROUTINE_STACKS -> List.of(List.of(SourceFormat.GOROUTINE_DEBUG1), List.of(SourceFormat.GOROUTINE_DEBUG2),
                    List.of(SourceFormat.GOROUTINE_PPROF));
            case GOROUTINE_LEAK_PROFILE -> List.of(List.of(SourceFormat.GOROUTINE_LEAK_DEBUG1));
            case HEAP_AFTER_GC -> List.of(List.of(SourceFormat.HEAP_DEBUG1), List.of(SourceFormat.MEMORY_JSON));
            case HEAP_WITHOUT_GC -> List.of(List.of(METRICS), List.of(SourceFormat.EXPVAR), List.of(SourceFormat.HEAP_DEBUG1));
            case OPEN_FDS, RESIDENT_MEMORY -> List.of(List.of(METRICS));
            case RESTART_MARKER -> List.of(List.of(METRICS), List.of(SourceFormat.EXPVAR));
        };
    }
}
