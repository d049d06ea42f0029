package io.leakscan.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of {@code webhook_deliveries} with its attempt log (oldest first; empty where not loaded). */
public record Delivery(UUID id, UUID tenantId, UUID subscriptionId, UUID scanId, UUID eventId, String eventType, String url,
                String status, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
                Instant finishedAt, List<Attempt> attemptLog) {

    public record Attempt(int attempt, Instant startedAt, Integer statusCode, long latencyMillis, String responseExcerpt,
                   String error, boolean succeeded) {
    }

    /** A delivery claimed for sending: what the sender needs. */
    record Claimed(UUID id, UUID tenantId, UUID subscriptionId, UUID scanId, UUID eventId, String eventType,
                   String url, String payload, int attempts, int roundAttempts) {
    }
}
