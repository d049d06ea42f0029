package io.leakscan.telemetry;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.parse.GoroutineDump;
import io.leakscan.telemetry.parse.ParseResult;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a target's telemetry on a fixed cadence for one scan. The tick thread only starts requests and never
 * waits for them: a source still busy from the last tick, over the concurrency bound, failing or timing out leaves
 * a gap (the sample lacks its signals and the gap is counted), so a slow endpoint cannot stall sampling. Samples go
 * to the {@link SampleSink} in batches. {@link #stop()} cancels the schedule and every request in flight.
 */
public final class TelemetrySampler implements AutoCloseable {

    private final TelemetryHttp http;
    private final TelemetryReader reader;
    private final SamplingPlan plan;
    private final SamplerConfig config;
    private final Clock clock;
    private final SampleSink sink;

    private final ScheduledExecutorService scheduler;
    private final Semaphore permits;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Signal>> signalsBySource = new ConcurrentHashMap<>();

    // Forced-GC reads run alone. Go counts what other requests being served hold at that moment (a /metrics scrape
    // mid-encoding, a goroutine dump) as live heap after the GC: with the scrapes of the same tick overlapping,
    // brief-stream-leaky's post-GC heap swung by 100-250 KiB between readings, the noise threshold rose to ~450 KiB
    // and per-round growth of 260 KiB went unseen. Alone, its readings move by ~10 KiB.
    private final Object gateLock = new Object();
    /** Completes when the last exclusive (forced-GC) read has ended; other requests start after it. */
    private CompletableFuture<?> exclusive = CompletableFuture.completedFuture(null);
    /** Non-exclusive requests started or queued and not yet ended; an exclusive read starts after them. */
    private final Set<CompletableFuture<?>> shared = ConcurrentHashMap.newKeySet();

    private volatile String phase = "baseline";
    private volatile EndpointRef endpoint;
    private volatile boolean stopped;
    private ScheduledFuture<?> schedule;
    private long startMillis;
    private volatile long tickNo; // written by the tick thread only

    private final Object lock = new Object();
    private final List<Sample> buffer = new ArrayList<>();
    private final Map<Signal, Long> gaps = new EnumMap<>(Signal.class);
    private final Deque<ProfileSnapshot> snapshots = new ArrayDeque<>();
    private final long[] jitterMicros = new long[8192];
    private long jitterCount;
    private final AtomicLong samples = new AtomicLong();
    private long restarts;
    private Double lastStart;
    private final Map<String, Double> lastGcCount = new java.util.HashMap<>();
    private String lastCmdline;
    private String lastMarker;

    public TelemetrySampler(TelemetryHttp http, TelemetryReader reader, SamplingPlan plan, SamplerConfig config,
                            Clock clock, SampleSink sink) {
        this.http = http;
        this.reader = reader;
        this.plan = plan;
        this.config = config;
        this.clock = clock;
        this.sink = sink;
        this.permits = new Semaphore(config.maxConcurrency());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "telemetry-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts ticking now. */
    public synchronized void start() {
        if (schedule != null || stopped) {
            throw new IllegalStateException("already started or stopped");
        }
        startMillis = clock.millis();
        long every = config.countInterval().toMillis();
        schedule = scheduler.scheduleAtFixedRate(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The engine moves the scan along; later samples carry the new phase and endpoint. */
    public void setPhase(String phase) {
        this.phase = phase;
    }

    public void setEndpoint(EndpointRef endpoint) {
        this.endpoint = endpoint;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long n = tickNo++;
        long late = clock.millis() - (startMillis + n * config.countInterval().toMillis());
        synchronized (lock) {
            jitterMicros[(int) (jitterCount++ % jitterMicros.length)] = Math.max(0, late) * 1000;
        }
        long slowEvery = Math.max(1, config.profileInterval().toMillis() / config.countInterval().toMillis());
        List<SamplingPlan.Source> due = new ArrayList<>(plan.counters());
        if (n % slowEvery == 0) {
            due.addAll(plan.slow());
        }
        if (due.isEmpty()) {
            return;
        }
        Instant at = clock.instant();
        String tickPhase = phase;
        EndpointRef tickEndpoint = endpoint;
        // the forced-GC reads last, so they wait for this tick's scrapes instead of delaying them
        due.sort(Comparator.comparing(SamplingPlan.Source::forcedGc));
        List<CompletableFuture<Reading>> readings = new ArrayList<>(due.size());
        for (SamplingPlan.Source s : due) {
            readings.add(fetch(s));
        }
        CompletableFuture.allOf(readings.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> assemble(at, tickPhase, tickEndpoint, due, readings));
    }

    /** One source for one tick; completes with null on any problem (after counting the gap), never exceptionally. */
    private CompletableFuture<Reading> fetch(SamplingPlan.Source s) {
        if (stopped || !busy.add(s.path())) {
            gap(s);
            return CompletableFuture.completedFuture(null);
        }
        if (!permits.tryAcquire()) {
            busy.remove(s.path());
            gap(s);
            return CompletableFuture.completedFuture(null);
        }
        return request(s.path(), config.requestTimeout(), s.forcedGc())
                .handle((resp, err) -> {
                    permits.release();
                    busy.remove(s.path());
                    if (err != null || resp.status() != 200) {
                        gap(s);
                        return null;
                    }
                    ParseResult<Reading> r = reader.read(s.format(), resp.body(), s.forcedGc(), clock.instant());
                    if (!r.isParsed()) {
                        gap(s);
                        return null;
                    }
                    signalsBySource.put(s.path(), r.orThrow().values().keySet());
                    return r.orThrow();
                });
    }

    /**
     * Starts a GET in turn with the forced-GC reads: an exclusive one after every request in flight has ended, any
     * other after the last exclusive one. Both waits are bounded by {@link #gateWaitMillis()}, so a stuck source
     * costs the others a little overlap, never their cadence. Completes exceptionally on failure or timeout.
     */
    private CompletableFuture<TelemetryHttp.Response> request(String path, java.time.Duration timeout,
                                                              boolean exclusiveRead) {
        CompletableFuture<TelemetryHttp.Response> out;
        synchronized (gateLock) {
            CompletableFuture<?> after;
            if (exclusiveRead) {
                List<CompletableFuture<?>> before = new ArrayList<>(shared);
                before.add(exclusive);
                after = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new));
            } else {
                after = exclusive;
            }
            out = bounded(after).thenCompose(x -> send(path, timeout));
            if (exclusiveRead) {
                exclusive = out;
            } else {
                shared.add(out);
                out.whenComplete((r, e) -> shared.remove(out));
            }
        }
        return out;
    }

    private long gateWaitMillis() {
        return Math.max(20, config.countInterval().toMillis() / 2);
    }

    private CompletableFuture<Object> bounded(CompletableFuture<?> f) {
        return f.isDone() ? CompletableFuture.completedFuture(null)
                : f.handle((v, e) -> (Object) null).completeOnTimeout(null, gateWaitMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<TelemetryHttp.Response> send(String path, java.time.Duration timeout) {
        if (stopped) {
            return CompletableFuture.failedFuture(new java.util.concurrent.CancellationException("sampler stopped"));
        }
        CompletableFuture<TelemetryHttp.Response> req;
        try {
            req = http.get(path, timeout, config.maxBytes());
        } catch (RuntimeException e) {
            req = CompletableFuture.failedFuture(e);
        }
        inFlight.add(req);
        CompletableFuture<TelemetryHttp.Response> sent = req;
        return req.orTimeout(timeout.toMillis() + 100, TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> inFlight.remove(sent));
    }

    private final Map<Signal, Integer> owners = new ConcurrentHashMap<>();

    private int rank(String path) {
        int i = 0;
        for (SamplingPlan.Source s : plan.counters()) {
            if (s.path().equals(path)) {
                return i;
            }
            i++;
        }
        for (SamplingPlan.Source s : plan.slow()) {
            if (s.path().equals(path)) {
                return i;
            }
            i++;
        }
        return i;
    }

    private void gap(SamplingPlan.Source s) {
        Set<Signal> expected = signalsBySource.getOrDefault(s.path(), Set.of());
        synchronized (lock) {
            for (Signal sig : expected) {
                gaps.merge(sig, 1L, Long::sum);
            }
        }
    }

    private void assemble(Instant at, String tickPhase, EndpointRef tickEndpoint, List<SamplingPlan.Source> due,
                          List<CompletableFuture<Reading>> rs) {
        Map<Signal, Double> values = new EnumMap<>(Signal.class);
        Map<String, Double> gcBySource = new java.util.HashMap<>();
        String cmdline = null;
        for (int i = 0; i < rs.size(); i++) {
            Reading r = rs.get(i).getNow(null);
            if (r == null) {
                continue;
            }
            int rank = rank(due.get(i).path());
            r.values().forEach((signal, v) -> {
                // Each signal from one source: the first in plan order that ever offered it. Two sources of one
                // signal count differently (NumGC in heap?debug=1 against go_gc_duration_seconds_count in
                // /metrics), so a tick where the preferred one left a gap must not borrow the other's value: the
                // series would jump and read as a restart.
                int owner = owners.merge(signal, rank, Math::min);
                if (rank == owner) {
                    values.putIfAbsent(signal, v);
                }
            });
            Double gcHere = r.values().get(Signal.GC_COUNT);
            if (gcHere != null) {
                gcBySource.put(due.get(i).path(), gcHere);
            }
            if (r.restartMarker() != null && r.restartMarker().startsWith("cmdline:")) {
                cmdline = r.restartMarker();
            }
        }
        List<Sample> flush = null;
        List<RestartEvent> events = new ArrayList<>(0);
        synchronized (lock) {
            if (stopped) {
                return;
            }
            Double start = values.get(Signal.PROCESS_START_SECONDS);
            if (start != null && lastStart != null && Math.abs(start - lastStart) > 0.5) {
                events.add(new RestartEvent(at, "process start time changed", fmt(lastStart), fmt(start)));
            }
            // per source: sources read at different moments (and gc=1 adds a cycle) disagree with each other
            gcBySource.forEach((path, gc) -> {
                Double before = lastGcCount.put(path, gc);
                if (before != null && gc < before) {
                    events.add(new RestartEvent(at, "GC count went backwards at " + path, fmt(before), fmt(gc)));
                }
            });
            if (cmdline != null && lastCmdline != null && !cmdline.equals(lastCmdline)) {
                events.add(new RestartEvent(at, "cmdline changed", lastCmdline, cmdline));
            }
            if (start != null) {
                lastStart = start;
                lastMarker = "start:" + fmt(start);
            } else if (cmdline != null && lastStart == null) {
                lastMarker = cmdline;
            }
            if (cmdline != null) {
                lastCmdline = cmdline;
            }
            restarts += events.size();
            buffer.add(new Sample(at, tickPhase, tickEndpoint, values, lastMarker));
            samples.incrementAndGet();
            if (buffer.size() >= config.batchSize()) {
                flush = drain();
            }
        }
        events.forEach(sink::restart);
        if (flush != null) {
            sink.accept(flush);
        }
    }

    private List<Sample> drain() {
        List<Sample> out = new ArrayList<>(buffer);
        buffer.clear();
        out.sort(Comparator.comparing(Sample::at));
        return out;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Fetches and parses the goroutine profile source now. */
    public CompletableFuture<GoroutineDump> captureGoroutineProfile() {
        SamplingPlan.Source s = plan.stacks();
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("target offers no goroutine profile"));
        }
        if (stopped) {
            return CompletableFuture.failedFuture(new IllegalStateException("sampler stopped"));
        }
        return request(s.path(), config.profileTimeout(), false)
                .thenApply(resp -> {
                    if (resp.status() != 200) {
                        throw new IllegalStateException("goroutine profile: HTTP " + resp.status());
                    }
                    return switch (reader.read(s.format(), resp.body(), false, clock.instant())) {
                        case ParseResult.Parsed<Reading> p when p.value().goroutines() != null -> p.value().goroutines();
                        case ParseResult.Parsed<Reading> p -> throw new IllegalStateException("not a goroutine profile");
                        case ParseResult.Failed<Reading> f -> throw new IllegalStateException(f.failure().toString());
                    };
                });
    }

    /** Captures a goroutine profile tagged with {@code label} and the current phase and endpoint, and keeps it. */
    public CompletableFuture<ProfileSnapshot> snapshot(String label) {
        String p = phase;
        EndpointRef e = endpoint;
        return captureGoroutineProfile().thenApply(dump -> {
            ProfileSnapshot snap = new ProfileSnapshot(label, p, e, dump);
            synchronized (lock) {
                snapshots.addLast(snap);
                while (snapshots.size() > config.maxSnapshots()) {
                    snapshots.removeFirst();
                }
            }
            return snap;
        });
    }

    public List<ProfileSnapshot> snapshots() {
        synchronized (lock) {
            return List.copyOf(snapshots);
        }
    }

    public SamplerStats stats() {
        synchronized (lock) {
            int n = (int) Math.min(jitterCount, jitterMicros.length);
            long[] j = Arrays.copyOf(jitterMicros, n);
            Arrays.sort(j);
            return new SamplerStats(tickNo, samples.get(), gaps, restarts, pct(j, 0.50), pct(j, 0.99),
                    n == 0 ? 0 : j[n - 1] / 1000.0);
        }
    }

    /** Lateness of the ticks so far at percentile {@code p} (0..1), in milliseconds; for benchmarks and reports. */
    public double jitterPercentileMs(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("percentile must be within 0..1: " + p);
        }
        synchronized (lock) {
            int n = (int) Math.min(jitterCount, jitterMicros.length);
            long[] j = Arrays.copyOf(jitterMicros, n);
            Arrays.sort(j);
            return pct(j, p);
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))] / 1000.0;
    }

    /** Stops all traffic now: no new ticks, requests in flight cancelled, buffered samples handed over. */
    public void stop() {
        List<Sample> flush;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            flush = drain();
        }
        synchronized (this) {
            if (schedule != null) {
                schedule.cancel(false);
            }
        }
        scheduler.shutdownNow();
        for (CompletableFuture<?> f : List.copyOf(inFlight)) {
            f.cancel(true);
        }
        if (!flush.isEmpty()) {
            sink.accept(flush);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
