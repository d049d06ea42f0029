package io.leakscan.tenant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code api_keys}: rows hold a key's SHA-256, never the key. */
@Repository
class ApiKeyStore {

    private final JdbcClient jdbc;

    ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKey key) {
        jdbc.sql("""
                        INSERT INTO api_keys (id, tenant_id, key_hash, prefix, name, role, created_at, expires_at)
                        VALUES (:id, :tenant, :hash, :prefix, :name, :role, :createdAt, :expiresAt)""")
                .param("id", key.id()).param("tenant", key.tenantId()).param("hash", key.keyHash())
                .param("prefix", key.prefix()).param("name", key.name()).param("role", key.role().wire())
                .param("createdAt", ts(key.createdAt())).param("expiresAt", ts(key.expiresAt()))
                .update();
    }

    /** The unrevoked key with this hash, expired or not (the caller tells the client which). */
    Optional<Caller> find(String keyHash) {
        return jdbc.sql("""
                        SELECT id, tenant_id, role, expires_at FROM api_keys
                        WHERE key_hash = :hash AND revoked_at IS NULL""")
                .param("hash", keyHash)
                .query((rs, n) -> new Caller(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        Role.fromWire(rs.getString("role")), instant(rs, "expires_at")))
                .optional();
    }

    /**
     * Records a use, unless one was recorded less than {@code every} ago: the guard in the statement keeps several
     * nodes from writing more often than that between them.
     */
    void touch(UUID keyId, Instant now, Duration every) {
        jdbc.sql("""
                        UPDATE api_keys SET last_used_at = :now
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at <= :stale)""")
                .param("now", ts(now)).param("id", keyId).param("stale", ts(now.minus(every)))
                .update();
    }

    List<KeyView> list(UUID tenantId) {
        return jdbc.sql("""
                        SELECT id, prefix, name, role, created_at, expires_at, last_used_at, revoked_at
                        FROM api_keys WHERE tenant_id = :tenant ORDER BY created_at, id""")
                .param("tenant", tenantId)
                .query((rs, n) -> new KeyView(rs.getObject("id", UUID.class), rs.getString("prefix"),
                        rs.getString("name"), Role.fromWire(rs.getString("role")), instant(rs, "created_at"),
                        instant(rs, "expires_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at")))
                .list();
    }

    /**
     * Marks the tenant's key revoked; a key revoked before keeps its first revocation time.
     *
     * @return false when the tenant has no such key
     */
    boolean revoke(UUID tenantId, UUID keyId, Instant at) {
        return jdbc.sql("""
                        UPDATE api_keys SET revoked_at = COALESCE(revoked_at, :at)
                        WHERE id = :id AND tenant_id = :tenant""")
                .param("at", ts(at)).param("id", keyId).param("tenant", tenantId)
                .update() == 1;
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
