package io.leakscan.scan;

import io.leakscan.probe.ProbeLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Server-side load limits: what a scan gets when it asks for nothing, and the most it can get when it asks for more
 * (requests above a maximum are capped to it, not refused).
 */
@ConfigurationProperties("leakscan.scan.limits")
public record ScanLimitsProperties(@DefaultValue("200") int defaultRequestsPerSecond,
                                   @DefaultValue("500") int maxRequestsPerSecond,
                                   @DefaultValue("16") int defaultConcurrency,
                                   @DefaultValue("64") int maxConcurrency,
                                   @DefaultValue("15m") Duration defaultDuration,
                                   @DefaultValue("60m") Duration maxDuration) {

    /** A ceiling on total requests that no profile reaches; the rate and duration limits bind first. */
    static final long MAX_REQUESTS_PER_SCAN = 2_000_000;

    /** The maxima as the probe engine enforces them. */
    ProbeLimits serverMaxima() {
        return new ProbeLimits(maxRequestsPerSecond, maxConcurrency, MAX_REQUESTS_PER_SCAN, maxDuration);
    }

    ScanLimits effective(Integer rps, Integer concurrency, Integer durationSeconds) {
        return new ScanLimits(
                cap(rps, defaultRequestsPerSecond, maxRequestsPerSecond),
                cap(concurrency, defaultConcurrency, maxConcurrency),
                cap(durationSeconds, (int) defaultDuration.toSeconds(), (int) maxDuration.toSeconds()),
                durationSeconds == null);
    }

    private static int cap(Integer asked, int fallback, int max) {
        return Math.min(asked == null ? fallback : asked, max);
    }
}
