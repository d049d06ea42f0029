package io.leakscan.scan;

import java.time.Duration;

/**
 * Load limits of one scan after the server's maxima were applied. The probe engine enforces them.
 *
 * @param maxRequestsPerSecond request rate towards the target, all endpoints together
 * @param maxConcurrency       requests in flight at once
 * @param maxDurationSeconds   wall-clock budget of the whole scan
 */
public record ScanLimits(int maxRequestsPerSecond, int maxConcurrency, int maxDurationSeconds) {

    public Duration maxDuration() {
        return Duration.ofSeconds(maxDurationSeconds);
    }
}
