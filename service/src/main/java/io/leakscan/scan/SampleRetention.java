package io.leakscan.scan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Deletes the samples and profile snapshots of scans that finished longer ago than
 * {@link RetentionProperties#samples()}: they are most of the database, and the report keeps what the charts need.
 * Safe on every node at once: each batch locks its scans with SKIP LOCKED and marks them purged in one statement.
 */
@Component
class SampleRetention {

    private static final Logger log = LoggerFactory.getLogger(SampleRetention.class);

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final Clock clock;

    SampleRetention(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${leakscan.retention.interval:1h}",
            fixedDelayString = "${leakscan.retention.interval:1h}")
    void scheduled() {
        try {
            int purged = purge();
            if (purged > 0) {
                log.info("Retention: deleted the samples and profiles of {} scans finished before {}", purged,
                        clock.instant().minus(properties.samples()));
            }
        } catch (RuntimeException e) {
            // the database may be away for a moment; the next run catches up
            log.warn("Retention purge failed: {}", e.toString());
        }
    }

    /** Purges every scan due now, batch by batch. @return how many scans were purged */
    int purge() {
        if (properties.samples().isZero()) {
            return 0;
        }
        Instant now = clock.instant();
        Instant cutoff = now.minus(properties.samples());
        int total = 0;
        int batch;
        do {
            batch = jdbc.sql("""
                            WITH due AS (
                                SELECT id FROM scans
                                WHERE finished_at < :cutoff AND samples_purged_at IS NULL
                                ORDER BY finished_at LIMIT :batch FOR UPDATE SKIP LOCKED),
                            samples AS (DELETE FROM scan_samples WHERE scan_id IN (SELECT id FROM due)),
                            profiles AS (DELETE FROM scan_profiles WHERE scan_id IN (SELECT id FROM due))
                            UPDATE scans SET samples_purged_at = :now WHERE id IN (SELECT id FROM due)""")
                    .param("cutoff", cutoff.atOffset(ZoneOffset.UTC)).param("now", now.atOffset(ZoneOffset.UTC))
                    .param("batch", properties.batchSize())
                    .update();
            total += batch;
        } while (batch == properties.batchSize());
        return total;
    }
}
