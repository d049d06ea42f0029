package io.leakscan.probe;

import io.leakscan.target.EndpointRef;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tallies one round; called from Netty event loops. Outcomes are recorded under the lock; the send count, bumped as
 * each request leaves, is a separate atomic so the loops take the lock once per request, not twice.
 */
final class RoundRecorder {

    private final AtomicLong sent = new AtomicLong();
    private long completed;
    private long aborted;
    private long confirmed;
    private long interrupted;
    private final Map<Integer, Long> statuses = new HashMap<>();
    private final Map<ErrorCause, Long> errors = new EnumMap<>(ErrorCause.class);
    private long[] latencies;
    private int latencyCount;

    RoundRecorder(int expectedRequests) {
        latencies = new long[Math.max(16, Math.min(expectedRequests, 1 << 20))];
    }

    void sent() {
        sent.incrementAndGet();
    }

    synchronized void record(RequestResult result) {
        switch (result) {
            case RequestResult.Response r -> {
                completed++;
                statuses.merge(r.status(), 1L, Long::sum);
                if (latencyCount == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[latencyCount++] = r.latencyNanos();
            }
            case RequestResult.Failed f -> errors.merge(f.cause(), 1L, Long::sum);
            case RequestResult.Aborted a -> {
                aborted++;
                if (a.confirmedClosed()) {
                    confirmed++;
                }
            }
        }
    }

    long sentCount() {
        return sent.get();
    }

    synchronized void interrupted() {
        interrupted++;
    }

    synchronized RoundTraffic toRound(EndpointRef endpoint, TrafficKind kind, Instant startedAt, Instant endedAt,
                                   double rateLimit, int concurrency, long distinctKeys, int backoffs,
                                      KeyPlacement key) {
        return new RoundTraffic(endpoint, kind, startedAt, endedAt, Duration.between(startedAt, endedAt), sent.get(), completed,
                statuses, errors, aborted, confirmed, interrupted, Latency.of(Arrays.copyOf(latencies, latencyCount), latencyCount),
                rateLimit, concurrency, distinctKeys, backoffs, key);
    }
}
