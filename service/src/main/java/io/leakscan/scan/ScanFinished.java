package io.leakscan.scan;

import java.time.Instant;
import java.util.UUID;

/**
 * A scan reached SUCCEEDED, FAILED or CANCELLED. Published <em>inside</em> the transaction that writes the final
 * state (see {@link ScanFinalizer}): a plain {@code @EventListener} joins that transaction, so an outbox row written
 * there (the webhook deliveries) commits exactly when the scan's end commits. Act after commit with
 * {@code @TransactionalEventListener}. By then the scan's findings and report are stored.
 */
public record ScanFinished(UUID scanId, UUID tenantId, ScanState status, Instant finishedAt) {
}
