package io.leakscan.ownership;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code targets} table. */
@Repository
class TargetStore {

    private final JdbcClient jdbc;

    TargetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OwnedTarget t) {
        jdbc.sql("""
                        INSERT INTO targets (id, tenant_id, name, base_url, host, token, created_at)
                        VALUES (:id, :tenant, :name, :baseUrl, :host, :token, :created)""")
                .param("id", t.id()).param("tenant", t.tenantId()).param("name", t.name())
                .param("baseUrl", t.baseUrl().toString()).param("host", t.host())
                .param("token", t.token())
                .param("created", ts(t.createdAt()))
                .update();
    }

    Optional<OwnedTarget> find(UUID tenant, UUID id) {
        return jdbc.sql("SELECT * FROM targets WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant).param("id", id).query(this::row).optional();
    }

    List<OwnedTarget> list(UUID tenant) {
        return jdbc.sql("SELECT * FROM targets WHERE tenant_id = :tenant ORDER BY name")
                .param("tenant", tenant).query(this::row).list();
    }

    /** Whether the tenant has a target on {@code host} whose proof still counts at {@code now}. */
    boolean verified(UUID tenant, String host, Instant now) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM targets WHERE tenant_id = :tenant AND host = :host "
                        + "AND verified_until > :now)")
                .param("tenant", tenant).param("host", host).param("now", ts(now))
                .query(Boolean.class).single();
    }

    boolean delete(UUID tenant, UUID id) {
        return jdbc.sql("DELETE FROM targets WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant).param("id", id).update() == 1;
    }

    /** A check found the token: the proof counts until {@code until}. */
    void verified(UUID id, VerificationMethod method, String detail, Instant now, Instant until) {
        jdbc.sql("""
                        UPDATE targets SET verified_method = :method, verified_at = :now, verified_until = :until,
                            last_checked_at = :now, last_check = :detail
                        WHERE id = :id""")
                .param("id", id).param("method", method.wire()).param("now", ts(now)).param("until", ts(until))
                .param("detail", truncate(detail)).update();
    }

    /** A check did not find it; an earlier proof keeps counting until it expires. */
    void checkFailed(UUID id, String detail, Instant now) {
        jdbc.sql("UPDATE targets SET last_checked_at = :now, last_check = :detail WHERE id = :id")
                .param("id", id).param("now", ts(now)).param("detail", truncate(detail)).update();
    }

    /**
     * Takes up to {@code limit} verified targets last checked before {@code due} for a re-check by this node: their
     * {@code last_checked_at} moves to {@code now} in the same statement, so another node does not take them too.
     */
    List<OwnedTarget> claimDue(Instant due, Instant now, int limit) {
        return jdbc.sql("""
                        UPDATE targets SET last_checked_at = :now
                        WHERE id IN (SELECT id FROM targets
                                     WHERE verified_method IS NOT NULL AND last_checked_at < :due
                                     ORDER BY last_checked_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .param("due", ts(due)).param("now", ts(now)).param("limit", limit)
                .query(this::row).list();
    }

    private OwnedTarget row(ResultSet rs, int n) throws SQLException {
        String method = rs.getString("verified_method");
        return new OwnedTarget(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("name"), URI.create(rs.getString("base_url")), rs.getString("host"),
                rs.getString("token"),
                method == null ? null : VerificationMethod.fromWire(method), instant(rs, "verified_at"),
                instant(rs, "verified_until"), instant(rs, "last_checked_at"), rs.getString("last_check"),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Object ts(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 999) + "…";
    }
}
