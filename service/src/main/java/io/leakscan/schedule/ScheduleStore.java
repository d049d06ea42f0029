package io.leakscan.schedule;

import io.leakscan.scan.ScanRequestSecrets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code schedules} and {@code schedule_runs} tables. */
@Repository
class ScheduleStore {

    private final JdbcClient jdbc;

    private final ScanRequestSecrets secrets;

    ScheduleStore(JdbcClient jdbc, ScanRequestSecrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    void insert(Schedule s) {
        jdbc.sql("""
                        INSERT INTO schedules (id, tenant_id, target_id, cron, zone, scan, enabled, next_run_at,
                                               created_at)
                        VALUES (:id, :tenant, :target, :cron, :zone, CAST(:scan AS jsonb), :enabled, :next, :created)""")
                .param("id", s.id()).param("tenant", s.tenantId()).param("target", s.targetId())
                .param("cron", s.cron()).param("zone", s.zone().getId()).param("scan", secrets.seal(s.scan()))
                .param("enabled", s.enabled()).param("next", ts(s.nextRunAt())).param("created", ts(s.createdAt()))
                .update();
    }

    Optional<Schedule> find(UUID tenant, UUID id) {
        return jdbc.sql("SELECT * FROM schedules WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant).param("id", id).query(this::row).optional();
    }

    List<Schedule> list(UUID tenant) {
        return jdbc.sql("SELECT * FROM schedules WHERE tenant_id = :tenant ORDER BY created_at")
                .param("tenant", tenant).query(this::row).list();
    }

    boolean delete(UUID tenant, UUID id) {
        return jdbc.sql("DELETE FROM schedules WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant).param("id", id).update() == 1;
    }

    /** The most overdue enabled schedule, locked for this transaction; another node skips it. */
    Optional<Schedule> lockDue(Instant now) {
        return jdbc.sql("""
                        SELECT * FROM schedules WHERE enabled AND next_run_at <= :now
                        ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param("now", ts(now)).query(this::row).optional();
    }

    /** Moves a run that was due at {@code due} on; false when another node already did. */
    boolean advance(UUID id, Instant due, Instant next, Instant now, UUID scanId, String error) {
        return jdbc.sql("""
                        UPDATE schedules SET next_run_at = :next, last_run_at = :now, last_scan_id = :scan,
                            last_error = :error
                        WHERE id = :id AND next_run_at = :due""")
                .param("id", id).param("due", ts(due)).param("next", ts(next)).param("now", ts(now))
                .param("scan", scanId).param("error", error == null ? null
                        : error.length() <= 1000 ? error : error.substring(0, 999) + "…")
                .update() == 1;
    }

    void recordRun(UUID scanId, UUID scheduleId, Instant firedAt) {
        jdbc.sql("INSERT INTO schedule_runs (scan_id, schedule_id, fired_at) VALUES (:scan, :schedule, :at) "
                        + "ON CONFLICT (scan_id) DO NOTHING")
                .param("scan", scanId).param("schedule", scheduleId).param("at", ts(firedAt)).update();
    }

    boolean isScheduled(UUID scanId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM schedule_runs WHERE scan_id = :scan)")
                .param("scan", scanId).query(Boolean.class).single();
    }

    private Schedule row(ResultSet rs, int n) throws SQLException {
        return new Schedule(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("target_id", UUID.class), rs.getString("cron"), ZoneId.of(rs.getString("zone")),
                secrets.open(rs.getString("scan")), rs.getBoolean("enabled"), instant(rs, "next_run_at"),
                instant(rs, "last_run_at"), rs.getObject("last_scan_id", UUID.class), rs.getString("last_error"),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Object ts(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
