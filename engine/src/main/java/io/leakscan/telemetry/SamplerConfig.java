package io.leakscan.telemetry;

import java.time.Duration;

/**
 * @param countInterval   cadence of the cheap counters (default 200 ms: 5 samples a second)
 * @param profileInterval cadence of GC-forcing and profile sources (default 2 s)
 * @param requestTimeout  per request; a slower source leaves a gap for that tick
 * @param profileTimeout  for goroutine profile snapshots
 * @param maxConcurrency  requests in flight at once
 * @param batchSize       samples handed to the sink at once
 * @param maxBytes        body cap per response
 * @param maxSnapshots    profile snapshots kept; older ones are dropped first
 */
public record SamplerConfig(Duration countInterval, Duration profileInterval, Duration requestTimeout,
                            Duration profileTimeout, int maxConcurrency, int batchSize, long maxBytes,
                            int maxSnapshots) {

    public static final SamplerConfig DEFAULT = new SamplerConfig(Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofMillis(1000), Duration.ofSeconds(5), 4, 25, 64L << 20, 64);

    public SamplerConfig {
        if (countInterval.toMillis() < 10 || profileInterval.compareTo(countInterval) < 0) {
            throw new IllegalArgumentException("intervals too small");
        }
        if (maxConcurrency < 1 || batchSize < 1 || maxSnapshots < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
