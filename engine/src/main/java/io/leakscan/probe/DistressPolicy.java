package io.leakscan.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * When the engine treats the target as distressed and what it does about it. Distress is a response of 429, 502, 503
 * or 504, or no response at all (refused, reset, timed out, TLS failure); a 500 is the handler's answer, not distress.
 * Outcomes are judged in windows of {@code window} requests; a window with at least {@code maxDistressRatio} distress
 * halves the rate and pauses all sending for {@code pause} (or the target's Retry-After, up to {@code maxRetryAfter}).
 * After {@code maxBackoffs} such back-offs in a row, the next distressed window stops the session.
 */
public record DistressPolicy(double maxDistressRatio, int window, Duration pause, int maxBackoffs, Duration maxRetryAfter) {

    public static final DistressPolicy DEFAULT = new DistressPolicy(0.5, 20, Duration.ofSeconds(2), 3, Duration.ofSeconds(10));

    public DistressPolicy {
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (!(maxDistressRatio > 0 && maxDistressRatio <= 1)) {
            throw new IllegalArgumentException("maxDistressRatio must be in (0, 1]: " + maxDistressRatio);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1: " + window);
        }
        if (pause.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("pause and maxRetryAfter must not be negative");
        }
        if (maxBackoffs < 0) {
            throw new IllegalArgumentException("maxBackoffs must not be negative: " + maxBackoffs);
        }
    }
}
