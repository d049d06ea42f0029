package io.leakscan.probe;

import io.leakscan.target.EndpointRef;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one round sent and what came back. Every request the round started ends in exactly one bucket:
 * {@code sent == completed + errors + aborted + interrupted} once the round is over.
 *
 * @param endpoint             the endpoint as the user named it
 * @param kind                 the traffic this round sent
 * @param startedAt            when the first request could leave (align telemetry samples with this)
 * @param endedAt              when the last request finished
 * @param duration             {@code endedAt - startedAt}
 * @param sent                 requests started
 * @param completed            requests that got a complete response, whatever the status
 * @param statusHistogram      status code to count, ascending
 * @param errors               requests that got no response, by cause
 * @param aborted              requests the engine cut on purpose before the response completed (abort rounds)
 * @param abortsConfirmedClosed aborted requests whose connection was seen closed
 * @param interrupted          requests cut because the session stopped (cancel, deadline, distress)
 * @param latency              latency of the completed requests
 * @param rateLimit            the request rate the round was paced at, after any back-off (requests/s)
 * @param concurrency          the concurrency the round ran at
 * @param distinctKeys         distinct client-controlled keys sent (key-cardinality rounds), else 0 or 1
 * @param backoffs             times the engine backed off because the target showed distress during the round
 * @param key                  where the key-cardinality rounds put the key they varied or repeated; null for others
 */
public record RoundTraffic(
        EndpointRef endpoint,
        TrafficKind kind,
        Instant startedAt,
        Instant endedAt,
        Duration duration,
        long sent,
        long completed,
        Map<Integer, Long> statusHistogram,
        Map<ErrorCause, Long> errors,
        long aborted,
        long abortsConfirmedClosed,
        long interrupted,
        Latency latency,
        double rateLimit,
        int concurrency,
        long distinctKeys,
        int backoffs,
        KeyPlacement key) {

    public RoundTraffic {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(latency, "latency");
        if ((key == null) == (kind == TrafficKind.DISTINCT_KEY || kind == TrafficKind.REPEATED_KEY)) {
            throw new IllegalArgumentException("a key round names its key placement, and only a key round: " + kind);
        }
        statusHistogram = Collections.unmodifiableMap(new TreeMap<>(statusHistogram));
        errors = errors.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(errors));
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public long status(int code) {
        return statusHistogram.getOrDefault(code, 0L);
    }
}
