package io.leakscan.scan;

import java.time.Instant;
import java.util.UUID;

/**
 * One scan running on this node's {@link ScanWorker}: which attempt it is (every write is guarded by it), its deadline,
 * the cancellation the engine watches, the virtual thread running it, and when a cancel was first seen.
 */
final class WorkerRun {

    final UUID id;
    final UUID tenantId;
    final int attempt;
    final Instant deadline;
    final ScanCancellation cancellation = new ScanCancellation();
    volatile Thread thread;
    volatile Instant cancelledAt;

    WorkerRun(UUID id, UUID tenantId, int attempt, Instant deadline) {
        this.id = id;
        this.tenantId = tenantId;
        this.attempt = attempt;
        this.deadline = deadline;
    }
}
