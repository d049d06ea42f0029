package io.leakscan.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One row of {@code webhook_subscriptions}. */
public record Subscription(UUID id, UUID tenantId, String url, List<String> events, String description, boolean active,
                    String secret, String previousSecret, Instant previousSecretExpiresAt, int consecutiveFailures,
                    Instant disabledAt, String disabledReason, Instant createdAt, Instant updatedAt) {

    /** The secrets that sign now: the current one, then the previous one while its overlap lasts. */
    List<String> signingSecrets(Instant now) {
        return signingSecrets(secret, previousSecret, previousSecretExpiresAt, now);
    }

    static List<String> signingSecrets(String secret, String previous, Instant previousExpiresAt, Instant now) {
        List<String> out = new ArrayList<>(2);
        out.add(secret);
        if (previous != null && previousExpiresAt != null && now.isBefore(previousExpiresAt)) {
            out.add(previous);
        }
        return out;
    }
}
