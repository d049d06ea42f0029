package io.leakscan.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * Hard ceilings on the traffic one probe session may send. The engine enforces them itself, whatever the caller asks:
 * the effective limits of a session are {@link #within(ProbeLimits) the requested ones clamped to the server maxima}.
 *
 * @param maxRequestsPerSecond sustained request rate (token bucket with a small burst)
 * @param maxConcurrency       requests in flight at once
 * @param maxTotalRequests     requests a session may start in total (aborted ones count)
 * @param maxDuration          wall-clock time after which the session stops sending and cuts what is in flight
 */
public record ProbeLimits(double maxRequestsPerSecond, int maxConcurrency, long maxTotalRequests, Duration maxDuration) {

    /** Conservative server maxima for self-hosted use; a deployment configures its own. */
    public static final ProbeLimits DEFAULT_SERVER_MAXIMA = new ProbeLimits(500, 64, 500_000, Duration.ofMinutes(60));

    public ProbeLimits {
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (!(maxRequestsPerSecond > 0) || Double.isInfinite(maxRequestsPerSecond)) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be a positive finite number: " + maxRequestsPerSecond);
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1: " + maxConcurrency);
        }
        if (maxTotalRequests < 1) {
            throw new IllegalArgumentException("maxTotalRequests must be at least 1: " + maxTotalRequests);
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive: " + maxDuration);
        }
    }

    /** Each limit is the smaller of this (requested) one and the server's. */
    public ProbeLimits within(ProbeLimits serverMaxima) {
        Objects.requireNonNull(serverMaxima, "serverMaxima");
        return new ProbeLimits(
                Math.min(maxRequestsPerSecond, serverMaxima.maxRequestsPerSecond),
                Math.min(maxConcurrency, serverMaxima.maxConcurrency),
                Math.min(maxTotalRequests, serverMaxima.maxTotalRequests),
                maxDuration.compareTo(serverMaxima.maxDuration) <= 0 ? maxDuration : serverMaxima.maxDuration);
    }
}
