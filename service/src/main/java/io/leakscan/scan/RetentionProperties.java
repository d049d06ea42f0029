package io.leakscan.scan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long a finished scan's raw telemetry is kept.
 *
 * @param samples   samples and goroutine profile snapshots of scans finished longer ago than this are deleted; the
 *                  scan, its findings and its report stay; zero keeps them forever
 * @param interval  how often the purge runs
 * @param batchSize scans purged per transaction
 */
@ConfigurationProperties("leakscan.retention")
public record RetentionProperties(@DefaultValue("30d") Duration samples, @DefaultValue("1h") Duration interval,
                                  @DefaultValue("200") int batchSize) {

    public RetentionProperties {
        if (samples.isNegative() || !interval.isPositive() || batchSize < 1) {
            throw new IllegalArgumentException("leakscan.retention: samples must be >= 0, interval > 0 and "
                    + "batch-size >= 1");
        }
    }
}
