package io.leakscan.tenant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;
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
                        INSERT INTO api_keys (id, tenant_id, key_hash, prefix, name, created_at)
                        VALUES (:id, :tenant, :hash, :prefix, :name, :createdAt)""")
                .param("id", key.id()).param("tenant", key.tenantId()).param("hash", key.keyHash())
                .param("prefix", key.prefix()).param("name", key.name())
                .param("createdAt", key.createdAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The tenant of the unrevoked key with this hash. */
    Optional<UUID> tenantOf(String keyHash) {
        return jdbc.sql("SELECT tenant_id FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .param("hash", keyHash)
                .query(UUID.class)
                .optional();
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
                .param("at", at.atOffset(ZoneOffset.UTC)).param("id", keyId).param("tenant", tenantId)
                .update() == 1;
    }
}
