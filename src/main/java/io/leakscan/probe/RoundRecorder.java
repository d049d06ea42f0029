package io.leakscan.probe;

import io.leakscan.target.EndpointRef;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Tallies one round; called from Netty event loops, so every method is synchronized (cheap next to a request). */
final class RoundRecorder {

    private long sent;
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

    synchronized void sent() {
        sent++;
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

    synchronized long sentCount() {
        return sent;
    }

    synchronized void interrupted() {
        interrupted++;
    }

    synchronized LoadRound toRound(EndpointRef endpoint, RoundKind kind, Instant startedAt, Instant endedAt,
                                   double rateLimit, int concurrency, long distinctKeys, int backoffs) {
        return new LoadRound(endpoint, kind, startedAt, endedAt, Duration.between(startedAt, endedAt), sent, completed,
                statuses, errors, aborted, confirmed, interrupted, Latency.of(Arrays.copyOf(latencies, latencyCount), latencyCount),
                rateLimit, concurrency, distinctKeys, backoffs);
    }
}
