package io.leakscan.webhook;

import io.leakscan.secret.SecretCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.leakscan.webhook.SubscriptionStore.instant;
import static io.leakscan.webhook.SubscriptionStore.ts;

/**
 * The secret that signs deliveries to a scan's own callbackUrl. Until the tenant first rotates it, that is the
 * {@code tenants.callback_secret} made with the tenant (never shown); a rotation returns the new secret once and
 * keeps the previous one signing for the overlap. Only this module's table is written.
 */
@Component
class CallbackSecrets {

    record State(String secret, String previousSecret, Instant previousSecretExpiresAt, Instant rotatedAt) {
    }

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    CallbackSecrets(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    List<String> signingSecrets(UUID tenantId, Instant now) {
        return state(tenantId).map(s -> Subscription.signingSecrets(s.secret(), s.previousSecret(),
                s.previousSecretExpiresAt(), now)).orElse(List.of());
    }

    /** Empty when the tenant does not exist. */
    Optional<State> state(UUID tenantId) {
        Optional<State> rotated = jdbc.sql("""
                        SELECT secret, previous_secret, previous_secret_expires_at, rotated_at
                        FROM webhook_callback_secrets WHERE tenant_id = :tenant""")
                .param("tenant", tenantId)
                .query((rs, n) -> new State(cipher.open(rs.getString("secret")), cipher.open(rs.getString("previous_secret")),
                        instant(rs, "previous_secret_expires_at"), instant(rs, "rotated_at")))
                .optional();
        if (rotated.isPresent()) {
            return rotated;
        }
        return jdbc.sql("SELECT callback_secret FROM tenants WHERE id = :tenant")
                .param("tenant", tenantId)
                .query((rs, n) -> new State(cipher.open(rs.getString("callback_secret")), null, null, null))
                .optional();
    }

    /** Makes a new secret current; the old one signs too until {@code now + overlap}. */
    @Transactional
    State rotate(UUID tenantId, Instant previousExpiresAt, Instant now) {
        // seed the row from the tenant's original secret (sealed or not, copied as stored), then lock it so two
        // rotations serialize
        jdbc.sql("""
                        INSERT INTO webhook_callback_secrets (tenant_id, secret, rotated_at)
                        SELECT id, callback_secret, created_at FROM tenants WHERE id = :tenant
                        ON CONFLICT (tenant_id) DO NOTHING""")
                .param("tenant", tenantId).update();
        String current = jdbc.sql("SELECT secret FROM webhook_callback_secrets WHERE tenant_id = :tenant FOR UPDATE")
                .param("tenant", tenantId).query(String.class).single();
        String secret = Signatures.newSecret();
        jdbc.sql("""
                        UPDATE webhook_callback_secrets SET secret = :secret, previous_secret = :previous,
                            previous_secret_expires_at = :expires, rotated_at = :now
                        WHERE tenant_id = :tenant""")
                .param("secret", cipher.seal(secret)).param("previous", current).param("expires", ts(previousExpiresAt))
                .param("now", ts(now)).param("tenant", tenantId).update();
        return new State(secret, cipher.open(current), previousExpiresAt, now);
    }
}
