package io.leakscan.tenant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** {@code tenant_quotas}, and the counts of a tenant's scans that quotas are checked against. */
@Repository
class QuotaStore {

    // Any fixed number, as long as nothing else in the database takes advisory locks in this class
    private static final int ADMISSION_LOCK_CLASS = 740_198;

    private final JdbcClient jdbc;

    QuotaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Quota> overrides(UUID tenantId) {
        return jdbc.sql("""
                        SELECT concurrent_scans, scans_per_day, max_requests_per_second, max_concurrency
                        FROM tenant_quotas WHERE tenant_id = :tenant""")
                .param("tenant", tenantId)
                .query((rs, n) -> new Quota(integer(rs, "concurrent_scans"), integer(rs, "scans_per_day"),
                        integer(rs, "max_requests_per_second"), integer(rs, "max_concurrency")))
                .optional();
    }

    void save(UUID tenantId, Quota overrides, Instant at) {
        jdbc.sql("""
                        INSERT INTO tenant_quotas (tenant_id, concurrent_scans, scans_per_day, max_requests_per_second,
                                                   max_concurrency, updated_at)
                        VALUES (:tenant, :concurrent, :daily, :rps, :concurrency, :at)
                        ON CONFLICT (tenant_id) DO UPDATE SET concurrent_scans = excluded.concurrent_scans,
                            scans_per_day = excluded.scans_per_day,
                            max_requests_per_second = excluded.max_requests_per_second,
                            max_concurrency = excluded.max_concurrency, updated_at = excluded.updated_at""")
                .param("tenant", tenantId).param("concurrent", overrides.concurrentScans())
                .param("daily", overrides.scansPerDay()).param("rps", overrides.maxRequestsPerSecond())
                .param("concurrency", overrides.maxConcurrency()).param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    /**
     * Serialises admissions of one tenant until the caller's transaction ends, so two submissions at once cannot both
     * take the last slot. Must run inside a transaction.
     */
    void lockAdmissions(UUID tenantId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:class, hashtext(:tenant))")
                .param("class", ADMISSION_LOCK_CLASS).param("tenant", tenantId.toString()).query().singleRow();
    }

    int active(UUID tenantId) {
        return jdbc.sql("SELECT count(*) FROM scans WHERE tenant_id = :tenant AND status IN ('QUEUED', 'RUNNING')")
                .param("tenant", tenantId).query(Integer.class).single();
    }

    int submittedSince(UUID tenantId, Instant since) {
        return jdbc.sql("SELECT count(*) FROM scans WHERE tenant_id = :tenant AND queued_at > :since")
                .param("tenant", tenantId).param("since", since.atOffset(ZoneOffset.UTC))
                .query(Integer.class).single();
    }

    /** When the {@code n}-th oldest (from 0) submission after {@code since} was queued. */
    Optional<Instant> submittedAt(UUID tenantId, Instant since, int n) {
        return jdbc.sql("""
                        SELECT queued_at FROM scans WHERE tenant_id = :tenant AND queued_at > :since
                        ORDER BY queued_at OFFSET :n LIMIT 1""")
                .param("tenant", tenantId).param("since", since.atOffset(ZoneOffset.UTC)).param("n", n)
                .query((rs, i) -> rs.getObject("queued_at", OffsetDateTime.class).toInstant())
                .optional();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
