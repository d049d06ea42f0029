package io.leakscan.scan;

import java.time.Duration;

/**
 * Load limits of one scan after the server's maxima were applied. The probe engine enforces them.
 *
 * @param maxRequestsPerSecond request rate towards the target, all endpoints together
 * @param maxConcurrency       requests in flight at once
 * @param maxDurationSeconds   wall-clock budget of the whole scan
 * @param durationFromPlan     no duration was asked: the scan gets {@code maxDurationSeconds} (the server's default)
 *                             or, when its plan needs longer, room for the plan up to the server's maximum. A scan
 *                             of a whole service cannot know its endpoint count at submit time (its OpenAPI document
 *                             is read when it runs), and a fixed default would refuse a big one
 */
public record ScanLimits(int maxRequestsPerSecond, int maxConcurrency, int maxDurationSeconds,
                         Boolean durationFromPlan) {

    /** A spec stored before this flag existed has none: its duration was taken as given. */
    public ScanLimits {
        durationFromPlan = Boolean.TRUE.equals(durationFromPlan);
    }

    /** Limits whose duration was asked for: held as given. */
    public ScanLimits(int maxRequestsPerSecond, int maxConcurrency, int maxDurationSeconds) {
        this(maxRequestsPerSecond, maxConcurrency, maxDurationSeconds, false);
    }

    public Duration maxDuration() {
        return Duration.ofSeconds(maxDurationSeconds);
    }
}
