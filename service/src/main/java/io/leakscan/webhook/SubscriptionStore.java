package io.leakscan.webhook;

import io.leakscan.secret.SecretCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code webhook_subscriptions}, always filtered by tenant: another tenant's subscription simply does not exist. The
 * signing secrets are sealed on the way in and opened on the way out.
 */
@Repository
class SubscriptionStore {

    private static final String COLUMNS = """
            id, tenant_id, url, events, description, active, secret, previous_secret, previous_secret_expires_at,
            consecutive_failures, disabled_at, disabled_reason, created_at, updated_at""";

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    SubscriptionStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    void insert(Subscription s) {
        jdbc.sql("""
                        INSERT INTO webhook_subscriptions (id, tenant_id, url, events, description, active, secret,
                            consecutive_failures, created_at, updated_at)
                        VALUES (:id, :tenant, :url, :events, :description, :active, :secret, 0, :now, :now)""")
                .param("id", s.id()).param("tenant", s.tenantId()).param("url", s.url())
                .param("events", s.events().toArray(String[]::new)).param("description", s.description())
                .param("active", s.active()).param("secret", cipher.seal(s.secret())).param("now", ts(s.createdAt()))
                .update();
    }

    Optional<Subscription> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE id = :id AND tenant_id = :tenant")
                .param("id", id).param("tenant", tenantId).query(this::row).optional();
    }

    Optional<Subscription> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE id = :id")
                .param("id", id).query(this::row).optional();
    }

    List<Subscription> list(UUID tenantId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE tenant_id = :tenant "
                        + "ORDER BY created_at, id")
                .param("tenant", tenantId).query(this::row).list();
    }

    /** The tenant's active subscriptions that asked for {@code eventType}. */
    List<Subscription> activeFor(UUID tenantId, String eventType) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions "
                        + "WHERE tenant_id = :tenant AND active AND :type = ANY(events) ORDER BY created_at, id")
                .param("tenant", tenantId).param("type", eventType).query(this::row).list();
    }

    /** Saves url, events, description and active; re-activating clears the failure streak and the disabled mark. */
    void update(Subscription s, Instant now) {
        jdbc.sql("""
                        UPDATE webhook_subscriptions SET url = :url, events = :events, description = :description,
                            active = :active, updated_at = :now,
                            consecutive_failures = CASE WHEN :active AND NOT active THEN 0 ELSE consecutive_failures END,
                            disabled_at = CASE WHEN :active THEN NULL ELSE disabled_at END,
                            disabled_reason = CASE WHEN :active THEN NULL ELSE disabled_reason END
                        WHERE id = :id AND tenant_id = :tenant""")
                .param("url", s.url()).param("events", s.events().toArray(String[]::new))
                .param("description", s.description()).param("active", s.active()).param("now", ts(now))
                .param("id", s.id()).param("tenant", s.tenantId())
                .update();
    }

    void rotate(UUID tenantId, UUID id, String secret, Instant previousExpiresAt, Instant now) {
        jdbc.sql("""
                        UPDATE webhook_subscriptions SET previous_secret = secret,
                            previous_secret_expires_at = :expires, secret = :secret, updated_at = :now
                        WHERE id = :id AND tenant_id = :tenant""")
                .param("expires", ts(previousExpiresAt)).param("secret", cipher.seal(secret)).param("now", ts(now))
                .param("id", id).param("tenant", tenantId)
                .update();
    }

    boolean delete(UUID tenantId, UUID id) {
        return jdbc.sql("DELETE FROM webhook_subscriptions WHERE id = :id AND tenant_id = :tenant")
                .param("id", id).param("tenant", tenantId).update() == 1;
    }

    /** A delivered attempt ends any failure streak. */
    void recordSuccess(UUID id) {
        jdbc.sql("UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = :id AND consecutive_failures > 0")
                .param("id", id).update();
    }

    /**
     * Counts a failed attempt and disables the subscription when the streak reaches {@code limit}. Attempts that were
     * already in flight when it was disabled do not count on.
     *
     * @return true when this failure disabled it
     */
    boolean recordFailure(UUID id, int limit, Instant now) {
        Boolean disabled = jdbc.sql("""
                        UPDATE webhook_subscriptions SET
                            consecutive_failures = CASE WHEN active THEN consecutive_failures + 1
                                                        ELSE consecutive_failures END,
                            active = CASE WHEN consecutive_failures + 1 >= :limit THEN false ELSE active END,
                            disabled_at = CASE WHEN active AND consecutive_failures + 1 >= :limit THEN :now
                                               ELSE disabled_at END,
                            disabled_reason = CASE WHEN active AND consecutive_failures + 1 >= :limit
                                THEN (consecutive_failures + 1) || ' consecutive failed delivery attempts'
                                ELSE disabled_reason END,
                            updated_at = CASE WHEN active AND consecutive_failures + 1 >= :limit THEN :now
                                              ELSE updated_at END
                        WHERE id = :id
                        RETURNING disabled_at = :now AND NOT active AND consecutive_failures = :limit""")
                .param("limit", limit).param("now", ts(now)).param("id", id)
                .query(Boolean.class).optional().orElse(false);
        return Boolean.TRUE.equals(disabled);
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private Subscription row(ResultSet rs, int n) throws SQLException {
        Array events = rs.getArray("events");
        return new Subscription(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("url"), Arrays.asList((String[]) events.getArray()), rs.getString("description"),
                rs.getBoolean("active"), cipher.open(rs.getString("secret")),
                cipher.open(rs.getString("previous_secret")),
                instant(rs, "previous_secret_expires_at"), rs.getInt("consecutive_failures"),
                instant(rs, "disabled_at"), rs.getString("disabled_reason"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
