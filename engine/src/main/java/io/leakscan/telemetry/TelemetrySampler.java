package io.leakscan.telemetry;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.parse.GoroutineDump;
import io.leakscan.telemetry.parse.ParseResult;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a target's telemetry on a fixed cadence for one scan. The tick thread only starts requests through the
 * {@link SourceFetcher} and never waits for them: a source that fails leaves a gap (the sample lacks its signals and
 * the gap is counted), so a slow endpoint cannot stall sampling. Samples go to the {@link SampleSink} in batches.
 * {@link #stop()} cancels the schedule and every request in flight.
 */
public final class TelemetrySampler implements AutoCloseable {

    private final TelemetryReader reader;
    private final SamplingPlan plan;
    private final SamplerConfig config;
    private final Clock clock;
    private final SampleSink sink;

    private final ScheduledExecutorService scheduler;
    private final SourceFetcher fetcher;
    private final ReadingMerger merger;
    private final TickJitter jitter = new TickJitter();

    private volatile String phase = "baseline";
    private volatile EndpointRef endpoint;
    private volatile boolean stopped;
    private ScheduledFuture<?> schedule;
    private long startMillis;
    private volatile long tickNo; // written by the tick thread only

    private final Object lock = new Object();
    private final List<Sample> buffer = new ArrayList<>();
    private final Deque<ProfileSnapshot> snapshots = new ArrayDeque<>();
    private final AtomicLong samples = new AtomicLong();
    private final RestartDetector restarts = new RestartDetector();

    public TelemetrySampler(TelemetryHttp http, TelemetryReader reader, SamplingPlan plan, SamplerConfig config,
                            Clock clock, SampleSink sink) {
        this.reader = reader;
        this.plan = plan;
        this.config = config;
        this.clock = clock;
        this.sink = sink;
        this.fetcher = new SourceFetcher(http, reader, config, clock, () -> stopped);
        this.merger = new ReadingMerger(plan);
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
        jitter.record(late);
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
            readings.add(fetcher.fetch(s));
        }
        CompletableFuture.allOf(readings.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> assemble(at, tickPhase, tickEndpoint, due, readings));
    }


    private void assemble(Instant at, String tickPhase, EndpointRef tickEndpoint, List<SamplingPlan.Source> due,
                          List<CompletableFuture<Reading>> rs) {
        List<Reading> readings = new ArrayList<>(rs.size());
        for (CompletableFuture<Reading> r : rs) {
            readings.add(r.getNow(null));
        }
        ReadingMerger.Merged tick = merger.merge(due, readings);
        List<Sample> flush = null;
        List<RestartEvent> events;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            events = restarts.observe(at, tick.values().get(Signal.PROCESS_START_SECONDS), tick.gcBySource(),
                    tick.cmdline());
            buffer.add(new Sample(at, tickPhase, tickEndpoint, tick.values(), restarts.marker()));
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

    /** Fetches and parses the goroutine profile source now. */
    public CompletableFuture<GoroutineDump> captureGoroutineProfile() {
        SamplingPlan.Source s = plan.stacks();
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("target offers no goroutine profile"));
        }
        if (stopped) {
            return CompletableFuture.failedFuture(new IllegalStateException("sampler stopped"));
        }
        return fetcher.request(s, config.profileTimeout(), false)
                .thenApply(resp -> {
                    try {
                        if (resp.status() != 200) {
                            throw new IllegalStateException("goroutine profile: HTTP " + resp.status());
                        }
                        return switch (reader.read(s.format(), resp.body(), false, clock.instant())) {
                            case ParseResult.Parsed<Reading> p when p.value().goroutines() != null ->
                                    p.value().goroutines();
                            case ParseResult.Parsed<Reading> p ->
                                    throw new IllegalStateException("not a goroutine profile");
                            case ParseResult.Failed<Reading> f ->
                                    throw new IllegalStateException(f.failure().toString());
                        };
                    } finally {
                        resp.release();
                    }
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
        TickJitter.Distribution j = jitter.distribution();
        synchronized (lock) {
            return new SamplerStats(tickNo, samples.get(), fetcher.gapCounts(), restarts.restarts(), j.percentileMs(0.50),
                    j.percentileMs(0.99), j.maxMs());
        }
    }

    /** Lateness of the ticks so far at percentile {@code p} (0..1), in milliseconds; for benchmarks and reports. */
    public double jitterPercentileMs(double p) {
        return jitter.distribution().percentileMs(p);
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
        fetcher.cancelInFlight();
        if (!flush.isEmpty()) {
            sink.accept(flush);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
