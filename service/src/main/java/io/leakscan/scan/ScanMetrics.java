package io.leakscan.scan;

import io.leakscan.telemetry.SamplerStats;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The scan service's own metrics, for {@code /actuator/prometheus}: queued and running scans per tenant (read from
 * the database, so every node reports the whole cluster's queue), how long a claim takes, how long scans wait and
 * run (by profile, final state and verdict), and how late the telemetry sampler ticked.
 */
@Component
public class ScanMetrics {

    private static final Logger log = LoggerFactory.getLogger(ScanMetrics.class);

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final MultiGauge scans;

    ScanMetrics(MeterRegistry registry, JdbcClient jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.scans = MultiGauge.builder("leakscan.scans")
                .description("Scans waiting in the queue or running, per tenant, across all nodes")
                .register(registry);
    }

    /** Re-reads the queue's counts; a tenant whose scans all ended drops out of the gauge. */
    @Scheduled(fixedDelayString = "${leakscan.metrics.refresh-interval:15s}")
    void refreshQueue() {
        try {
            List<MultiGauge.Row<Number>> rows = jdbc.sql("""
                            SELECT tenant_id, status, count(*) AS n FROM scans
                            WHERE status IN ('QUEUED', 'RUNNING') GROUP BY tenant_id, status""")
                    .query((rs, i) -> MultiGauge.Row.<Number>of(Tags.of("tenant", rs.getString("tenant_id"),
                            "state", rs.getString("status").toLowerCase(Locale.ROOT)), rs.getLong("n")))
                    .list();
            scans.register(List.<MultiGauge.Row<?>>copyOf(rows), true);
        } catch (RuntimeException e) {
            // the database may be briefly away; the gauge keeps its last values and the next refresh tries again
            log.debug("Scan metrics refresh failed: {}", e.toString());
        }
    }

    /** One claim attempt of a worker: how long the claim query took, and whether it found a scan. */
    void claimed(Duration took, boolean found) {
        Timer.builder("leakscan.scan.claim").description("Time a worker's claim of the next queued scan takes")
                .tag("found", Boolean.toString(found)).register(registry).record(took);
    }

    /** How the telemetry sampler kept its schedule in one scan (null when it never ran). */
    void sampled(SamplerStats stats) {
        if (stats == null || stats.ticks() == 0) {
            return;
        }
        lateness("p99").record(stats.jitterP99Ms());
        lateness("max").record(stats.jitterMaxMs());
    }

    private DistributionSummary lateness(String statistic) {
        return DistributionSummary.builder("leakscan.sampler.lateness").baseUnit("milliseconds")
                .description("Per scan: how late the sampler's ticks ran against their schedule")
                .tag("statistic", statistic).register(registry);
    }

    /** A scan ended (after its final transaction committed): its queue wait and its run time. */
    @TransactionalEventListener
    void finished(ScanFinished event) {
        jdbc.sql("SELECT queued_at, started_at, finished_at, profile, verdict FROM scans WHERE id = :id")
                .param("id", event.scanId())
                .query((rs, i) -> {
                    Timestamp queued = rs.getTimestamp("queued_at");
                    Timestamp started = rs.getTimestamp("started_at");
                    Timestamp finished = rs.getTimestamp("finished_at");
                    String profile = rs.getString("profile").toLowerCase(Locale.ROOT);
                    String verdict = rs.getString("verdict") == null ? "none" : rs.getString("verdict");
                    if (started != null) {
                        Timer.builder("leakscan.scan.queue.wait").description("Time from submit to a worker's claim")
                                .tag("profile", profile).register(registry)
                                .record(Duration.between(queued.toInstant(), started.toInstant()));
                    }
                    if (started != null && finished != null) {
                        Timer.builder("leakscan.scan.duration").description("Time from claim to the final state")
                                .tags("profile", profile, "state", event.status().name().toLowerCase(Locale.ROOT),
                                        "verdict", verdict)
                                .register(registry).record(Duration.between(started.toInstant(), finished.toInstant()));
                    }
                    return true;
                })
                .optional();
    }
}
