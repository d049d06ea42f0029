package io.leakscan.telemetry;

import io.leakscan.telemetry.parse.ParseFailure;
import io.leakscan.telemetry.parse.ParseResult;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Fetches and reads one telemetry source for the sampler. It never waits: a source still busy from the last tick,
 * over the concurrency bound, failing or timing out leaves a gap (counted per signal) instead of a reading, so a slow
 * endpoint cannot stall sampling.
 */
final class SourceFetcher {

    private final TelemetryHttp http;
    private final TelemetryReader reader;
    private final SamplerConfig config;
    private final Clock clock;
    private final BooleanSupplier stopped;

    private final Semaphore permits;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /**
     * Sources that sent a body over their format's cap: a profile or page that large does not shrink back within a
     * scan, so they are not fetched again (each tick there is a gap) instead of costing megabytes every tick.
     */
    private final Set<String> oversized = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final SourceGaps gaps = new SourceGaps();
    /** Forced-GC reads run alone: see the gate for the measurements behind it. */
    private final ExclusiveReadGate gate;

    SourceFetcher(TelemetryHttp http, TelemetryReader reader, SamplerConfig config, Clock clock,
                  BooleanSupplier stopped) {
        this.http = http;
        this.reader = reader;
        this.config = config;
        this.clock = clock;
        this.stopped = stopped;
        this.permits = new Semaphore(config.maxConcurrency());
        this.gate = new ExclusiveReadGate(Math.max(20, config.countInterval().toMillis() / 2));
    }

    /** One source for one tick; completes with null on any problem (after counting the gap), never exceptionally. */
    CompletableFuture<Reading> fetch(SamplingPlan.Source s) {
        if (stopped.getAsBoolean() || oversized.contains(s.path()) || !busy.add(s.path())) {
            gap(s);
            return CompletableFuture.completedFuture(null);
        }
        if (!permits.tryAcquire()) {
            busy.remove(s.path());
            gap(s);
            return CompletableFuture.completedFuture(null);
        }
        return request(s, config.requestTimeout(), s.forcedGc())
                .handle((resp, err) -> {
                    permits.release();
                    busy.remove(s.path());
                    if (err != null) {
                        if (unwrap(err) instanceof TelemetryHttp.BodyTooLargeException) {
                            oversized.add(s.path());
                        }
                        gap(s);
                        return null;
                    }
                    try {
                        if (resp.status() != 200) {
                            gap(s);
                            return null;
                        }
                        ParseResult<Reading> r = reader.read(s.format(), resp.body(), s.forcedGc(), clock.instant());
                        if (!r.isParsed()) {
                            if (r.failureIfAny().orElseThrow().kind() == ParseFailure.Kind.TOO_LARGE) {
                                oversized.add(s.path()); // e.g. a gzip body past the decompressed cap
                            }
                            gap(s);
                            return null;
                        }
                        gaps.read(s.path(), r.orThrow().values().keySet());
                        return r.orThrow();
                    } finally {
                        resp.release();
                    }
                });
    }

    /**
     * Starts a GET in turn with the forced-GC reads (see {@link ExclusiveReadGate}); the gate's waits are bounded by
     * half the count interval. Completes exceptionally on failure or timeout.
     */
    CompletableFuture<TelemetryHttp.Response> request(SamplingPlan.Source s, Duration timeout, boolean exclusiveRead) {
        long cap = Math.min(config.maxBytes(), reader.maxBodyBytes(s.format()));
        return gate.submit(exclusiveRead, () -> send(s.path(), timeout, cap));
    }

    private CompletableFuture<TelemetryHttp.Response> send(String path, Duration timeout, long cap) {
        if (stopped.getAsBoolean()) {
            return CompletableFuture.failedFuture(new CancellationException("sampler stopped"));
        }
        CompletableFuture<TelemetryHttp.Response> req;
        try {
            req = http.get(path, timeout, cap);
        } catch (RuntimeException e) {
            req = CompletableFuture.failedFuture(e);
        }
        inFlight.add(req);
        CompletableFuture<TelemetryHttp.Response> sent = req;
        return req.orTimeout(timeout.toMillis() + 100, TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> inFlight.remove(sent));
    }

    /** Per signal, the ticks it was missed. */
    Map<Signal, Long> gapCounts() {
        return gaps.counts();
    }

    /** Cancels every request in flight; called once the sampler has stopped, so no new one starts. */
    void cancelInFlight() {
        for (CompletableFuture<?> f : List.copyOf(inFlight)) {
            f.cancel(true);
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private void gap(SamplingPlan.Source s) {
        gaps.gap(s.path());
    }
}
