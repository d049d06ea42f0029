package io.leakscan.scan;

import io.leakscan.SharedServiceContext;
import io.leakscan.lab.Repo;
import io.leakscan.report.TimeSeries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retention against the real PostgreSQL: what it deletes, what it keeps, and what the API says afterwards. */
@SharedServiceContext
class SampleRetentionTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Autowired
    ScanStore store;
    @Autowired
    ScanResults results;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JdbcClient client;

    UUID tenant;

    @BeforeEach
    void clean() {
        jdbc.update("DELETE FROM scans");
        tenant = jdbc.queryForObject("SELECT id FROM tenants ORDER BY created_at LIMIT 1", UUID.class);
    }

    SampleRetention retention(Duration keep, int batchSize) {
        return new SampleRetention(client, new RetentionProperties(keep, Duration.ofHours(1), batchSize),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A scan with two samples and one profile snapshot; finished at {@code finishedAt}, or still running. */
    UUID scan(Instant finishedAt) {
        UUID id = UUID.randomUUID();
        String url = "http://127.0.0.1:9001";
        store.insert(ScanRow.queued(id, tenant, NOW.minus(Duration.ofDays(90)), url, TargetKey.of(URI.create(url)),
                Profile.QUICK, false, "{\"target\": {\"baseUrl\": \"" + url + "\"}}", null, "h"));
        jdbc.update("UPDATE scans SET status = ?, started_at = queued_at, finished_at = ? WHERE id = ?",
                finishedAt == null ? "RUNNING" : "SUCCEEDED", finishedAt == null ? null : Timestamp.from(finishedAt),
                id);
        for (int seq = 0; seq < 2; seq++) {
            jdbc.update("INSERT INTO scan_samples (scan_id, seq, at, readings) VALUES (?, ?, ?, "
                    + "CAST('{\"GOROUTINES\": 7}' AS jsonb))", id, seq, Timestamp.from(NOW.minusSeconds(60 - seq)));
        }
        jdbc.update("INSERT INTO scan_profiles (scan_id, seq, label, goroutines, profile_gzip) VALUES (?, 0, "
                + "'baseline', 7, ?)", id, new byte[] {1});
        return id;
    }

    int rows(String table, UUID scan) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE scan_id = ?", Integer.class, scan);
    }

    @Test
    void deletesTheTelemetryOfScansFinishedBeforeTheCutoffAndKeepsTheRest() {
        UUID old = scan(NOW.minus(Duration.ofDays(31)));
        UUID recent = scan(NOW.minus(Duration.ofDays(29)));
        UUID running = scan(null);

        assertThat(retention(Duration.ofDays(30), 200).purge()).isEqualTo(1);

        assertThat(rows("scan_samples", old)).isZero();
        assertThat(rows("scan_profiles", old)).isZero();
        for (UUID kept : new UUID[] {recent, running}) {
            assertThat(rows("scan_samples", kept)).isEqualTo(2);
            assertThat(rows("scan_profiles", kept)).isEqualTo(1);
        }
        assertThat(store.find(tenant, old)).as("the scan itself stays").isPresent();
        assertThat(results.samples(tenant, old, 100)).hasValueSatisfying(set -> {
            assertThat(set.total()).isZero();
            assertThat(set.purgedAt()).isEqualTo(NOW);
        });
        assertThat(results.samples(tenant, recent, 100)).hasValueSatisfying(set -> {
            assertThat(set.total()).isEqualTo(2);
            assertThat(set.purgedAt()).isNull();
        });
        assertThat(retention(Duration.ofDays(30), 200).purge()).as("a purged scan is not purged again").isZero();
    }

    @Test
    void purgesInBatchesUntilNothingIsDue() {
        for (int i = 0; i < 5; i++) {
            scan(NOW.minus(Duration.ofDays(40 + i)));
        }
        assertThat(retention(Duration.ofDays(30), 2).purge()).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM scan_samples", Integer.class)).isZero();
    }

    @Test
    void zeroKeepsEverything() {
        UUID old = scan(NOW.minus(Duration.ofDays(3650)));
        assertThat(retention(Duration.ZERO, 200).purge()).isZero();
        assertThat(rows("scan_samples", old)).isEqualTo(2);
    }

    @Test
    void onceTheSamplesAreGoneTheSeriesComesFromTheStoredReport() throws IOException {
        UUID old = scan(NOW.minus(Duration.ofDays(31)));
        // the golden report's timestamps are placeholders for the golden comparison
        String report = Files.readString(Repo.path("engine/src/test/resources/report/golden/clean.json"))
                .replace("{{instant}}", "2026-05-01T12:00:00Z")
                .replaceAll("\"durationMs\"\\s*:\\s*\\d+", "\"durationMs\": 0");
        jdbc.update("INSERT INTO scan_reports (scan_id, report, created_at) VALUES (?, CAST(? AS jsonb), ?)", old,
                report, Timestamp.from(NOW));

        retention(Duration.ofDays(30), 200).purge();

        TimeSeries series = results.series(tenant, old, 500);
        assertThat(series.hasPoints()).isTrue();
        assertThat(series.goroutines()).isNotEmpty().doesNotContain(7.0);
    }

    @Test
    void badSettingsAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofDays(-1), Duration.ofHours(1), 200))
                .hasMessageContaining("leakscan.retention");
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofDays(1), Duration.ZERO, 200))
                .hasMessageContaining("interval > 0");
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofDays(1), Duration.ofHours(1), 0))
                .hasMessageContaining("batch-size >= 1");
    }
}
