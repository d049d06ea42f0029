package io.leakscan.scan;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code scans} table for the API side: create, read, list, cancel. Plain SQL because the columns are jsonb and
 * the state changes are conditional updates that must stay single statements. Every change bumps {@code version},
 * the resource's ETag.
 */
@Repository
class ScanStore {

    static final String COLUMNS = """
            id, tenant_id, status, phase, progress, queued_at, started_at, finished_at, heartbeat_at, attempt,
            picked_by, target_base_url, target_key, profile, echo_specific, request::text AS request, idempotency_key,
            request_hash, cancel_requested, failure_code, failure_message, fingerprint::text AS fingerprint,
            discovery::text AS discovery, verdict, summary, finding_counts::text AS finding_counts, version,
            current_endpoint""";

    private final RowMapper<ScanRow> row = this::map;

    private final JdbcClient jdbc;

    private final ScanRequestSecrets secrets;

    ScanStore(JdbcClient jdbc, ScanRequestSecrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    void insert(ScanRow s) {
        jdbc.sql("""
                        INSERT INTO scans (id, tenant_id, status, progress, queued_at, attempt, target_base_url,
                            target_key, profile, echo_specific, request, idempotency_key, request_hash, version)
                        VALUES (:id, :tenant, :status, 0, :queuedAt, 0, :baseUrl, :targetKey, :profile, :echo,
                            CAST(:request AS jsonb), :idemKey, :hash, 0)""")
                .param("id", s.id()).param("tenant", s.tenantId()).param("status", s.status().name())
                .param("queuedAt", ts(s.queuedAt())).param("baseUrl", s.targetBaseUrl())
                .param("targetKey", s.targetKey()).param("profile", s.profile().wire())
                .param("echo", s.echoSpecific()).param("request", secrets.seal(s.request()))
                .param("idemKey", s.idempotencyKey()).param("hash", s.requestHash())
                .update();
    }

    Optional<ScanRow> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM scans WHERE id = :id AND tenant_id = :tenant")
                .param("id", id).param("tenant", tenantId).query(row).optional();
    }

    /** The tenant's latest scan of the same target that succeeded and finished before {@code before}. */
    Optional<ScanRow> previousSucceeded(UUID tenantId, String targetKey, Instant before) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM scans WHERE tenant_id = :tenant AND target_key = :key "
                        + "AND status = 'SUCCEEDED' AND finished_at < :before ORDER BY finished_at DESC LIMIT 1")
                .param("tenant", tenantId).param("key", targetKey).param("before", before.atOffset(ZoneOffset.UTC))
                .query(row).optional();
    }

    Optional<ScanRow> findByIdempotencyKey(UUID tenantId, String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM scans WHERE tenant_id = :tenant AND idempotency_key = :key")
                .param("tenant", tenantId).param("key", key).query(row).optional();
    }

    /** Newest first. {@code status} and {@code targetKey} are optional filters. */
    List<ScanRow> page(UUID tenantId, ScanState status, String targetKey, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM scans WHERE " + filter(status, targetKey)
                        + " ORDER BY queued_at DESC, id DESC OFFSET :offset LIMIT :limit")
                .param("tenant", tenantId)
                .param("status", status == null ? null : status.name())
                .param("targetKey", targetKey)
                .param("offset", offset).param("limit", limit)
                .query(row).list();
    }

    long count(UUID tenantId, ScanState status, String targetKey) {
        return jdbc.sql("SELECT count(*) FROM scans WHERE " + filter(status, targetKey))
                .param("tenant", tenantId)
                .param("status", status == null ? null : status.name())
                .param("targetKey", targetKey)
                .query(Long.class).single();
    }

    private static String filter(ScanState status, String targetKey) {
        return "tenant_id = :tenant"
                + (status == null ? "" : " AND status = :status")
                + (targetKey == null ? "" : " AND target_key = :targetKey");
    }

    /**
     * A queued scan is cancelled at once; a running one is flagged and its worker ends it. One statement, so it cannot
     * race with a claim: if a worker claims the row meanwhile, PostgreSQL re-checks the new row and flags it instead.
     *
     * @return the row after the change, empty when the scan is unknown or already finished
     */
    Optional<ScanRow> requestCancel(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql("""
                        UPDATE scans SET cancel_requested = true,
                            status = CASE WHEN status = 'QUEUED' THEN 'CANCELLED' ELSE status END,
                            finished_at = CASE WHEN status = 'QUEUED' THEN CAST(:now AS timestamptz) ELSE finished_at END,
                            version = version + 1
                        WHERE id = :id AND tenant_id = :tenant AND status IN ('QUEUED', 'RUNNING')
                        RETURNING\s""" + COLUMNS)
                .param("id", id).param("tenant", tenantId).param("now", ts(now))
                .query(row).optional();
    }

    /** What the event stream watches; cheap, by primary key. Not tenant-scoped: the caller checked that already. */
    Optional<ScanEvent> snapshot(UUID id) {
        return jdbc.sql("SELECT id, status, phase, current_endpoint, progress, failure_code, failure_message, verdict, version FROM scans WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new ScanEvent(rs.getObject("id", UUID.class),
                        ScanState.valueOf(rs.getString("status")), rs.getString("phase"),
                        rs.getString("current_endpoint"), rs.getInt("progress"),
                        rs.getString("failure_code") == null ? null
                                : new ScanResource.Failure(rs.getString("failure_code"), rs.getString("failure_message")),
                        rs.getString("verdict"), rs.getLong("version")))
                .optional();
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private ScanRow map(ResultSet rs, int n) throws SQLException {
        return new ScanRow(
                rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                ScanState.valueOf(rs.getString("status")), rs.getString("phase"), rs.getInt("progress"),
                instant(rs, "queued_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                instant(rs, "heartbeat_at"), rs.getInt("attempt"), rs.getString("picked_by"),
                rs.getString("target_base_url"), rs.getString("target_key"), Profile.fromWire(rs.getString("profile")),
                rs.getBoolean("echo_specific"), secrets.open(rs.getString("request")), rs.getString("idempotency_key"),
                rs.getString("request_hash"), rs.getBoolean("cancel_requested"), rs.getString("failure_code"),
                rs.getString("failure_message"), rs.getString("fingerprint"), rs.getString("discovery"),
                rs.getString("verdict"), rs.getString("summary"), rs.getString("finding_counts"),
                rs.getLong("version"), rs.getString("current_endpoint"));
    }
}
