package io.leakscan.scan;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every way a scan ends (its worker finishes it, a cancel of a queued scan, the reaper gives up on it) goes through
 * here, so that the final state and {@link ScanFinished} are one transaction: listeners that must not lose the event
 * (the webhook outbox) write in it.
 */
@Component
class ScanFinalizer {

    private final ScanQueue queue;
    private final ScanStore store;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    ScanFinalizer(ScanQueue queue, ScanStore store, TransactionTemplate tx, ApplicationEventPublisher events) {
        this.queue = queue;
        this.store = store;
        this.tx = tx;
        this.events = events;
    }

    /**
     * Ends a scan the node owns as {@code attempt}. @return false when it no longer owned it (nothing is published
     * then)
     */
    boolean finish(UUID id, UUID tenantId, String node, int attempt, ScanState status, String code, String message,
                   Instant now) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            if (!queue.finish(id, node, attempt, status, code, message, now)) {
                return false;
            }
            events.publishEvent(new ScanFinished(id, tenantId, status, now));
            return true;
        }));
    }

    /** Requeues or ends scans whose worker was lost; the ones that ended are published. */
    List<ScanQueue.Reaped> reap(Instant now, Instant cutoff, int maxAttempts) {
        return tx.execute(s -> {
            List<ScanQueue.Reaped> reaped = queue.reap(now, cutoff, maxAttempts);
            reaped.stream().filter(r -> r.status().isFinal())
                    .forEach(r -> events.publishEvent(new ScanFinished(r.id(), r.tenantId(), r.status(), now)));
            return reaped;
        });
    }

    /** Marks a cancel request; a queued scan ends CANCELLED right here and is published. */
    Optional<ScanRow> requestCancel(UUID tenantId, UUID id, Instant now) {
        return tx.execute(s -> {
            Optional<ScanRow> changed = store.requestCancel(tenantId, id, now);
            changed.filter(row -> row.status() == ScanState.CANCELLED).ifPresent(row ->
                    events.publishEvent(new ScanFinished(row.id(), row.tenantId(), row.status(), now)));
            return changed;
        });
    }
}
