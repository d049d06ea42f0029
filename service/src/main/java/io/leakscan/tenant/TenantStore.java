package io.leakscan.tenant;

import io.leakscan.secret.SecretCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** {@code tenants}: one row per customer, which its keys, scans and webhooks reference. */
@Repository
class TenantStore {

    // Any fixed number, as long as nothing else in the database takes this advisory lock
    private static final long BOOTSTRAP_LOCK = 7401982245L;

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    TenantStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    void insert(Tenant tenant) {
        jdbc.sql("""
                        INSERT INTO tenants (id, name, callback_secret, created_at)
                        VALUES (:id, :name, :secret, :createdAt)""")
                .param("id", tenant.id()).param("name", tenant.name()).param("secret", cipher.seal(tenant.callbackSecret()))
                .param("createdAt", tenant.createdAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    Optional<Tenant> find(UUID id) {
        return jdbc.sql("SELECT id, name, callback_secret, created_at FROM tenants WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new Tenant(rs.getObject("id", UUID.class), rs.getString("name"),
                        cipher.open(rs.getString("callback_secret")), rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    boolean exists(UUID id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tenants WHERE id = :id)").param("id", id)
                .query(Boolean.class).single();
    }

    boolean isEmpty() {
        return !jdbc.sql("SELECT EXISTS (SELECT 1 FROM tenants)").query(Boolean.class).single();
    }

    /**
     * Holds a lock until the caller's transaction ends, so that of several nodes starting together on one empty
     * database only one creates the default tenant. Must run inside a transaction.
     */
    void lockForBootstrap() {
        jdbc.sql("SELECT pg_advisory_xact_lock(:lock)").param("lock", BOOTSTRAP_LOCK).query().singleRow();
    }
}
