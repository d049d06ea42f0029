package io.leakscan.scan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/**
 * Turns how a run on this node ended into the scan's final state: succeeded, failed, cancelled, timed out, handed back
 * to the queue on shutdown, or dropped because another node took the scan over.
 */
final class RunEndings {

    /** The worker's logger: these lines were the worker's, and log settings and searches name it. */
    private static final Logger log = LoggerFactory.getLogger(ScanWorker.class);

    private final ScanQueue queue;
    private final ScanFinalizer finalizer;
    private final WorkerProperties properties;
    private final Clock clock;

    RunEndings(ScanQueue queue, ScanFinalizer finalizer, WorkerProperties properties, Clock clock) {
        this.queue = queue;
        this.finalizer = finalizer;
        this.properties = properties;
        this.clock = clock;
    }

    /** The pipeline returned (or crashed): record its outcome. */
    void conclude(ScanQueue.Claimed claimed, ScanPipeline.Outcome outcome) {
        switch (outcome) {
            case ScanPipeline.Outcome.Succeeded s -> end(claimed, ScanState.SUCCEEDED, null, null);
            case ScanPipeline.Outcome.Failed f -> end(claimed, ScanState.FAILED, f.code(), f.message());
            case ScanPipeline.Outcome.Cancelled c -> {
                switch (c.reason()) {
                    case REQUESTED -> end(claimed, ScanState.CANCELLED, null, null);
                    case TIMEOUT -> end(claimed, ScanState.FAILED, "SCAN_TIMEOUT", timeoutMessage());
                    case SHUTDOWN -> {
                        if (queue.handBack(claimed.id(), properties.nodeId(), claimed.attempt())) {
                            log.info("Scan {} handed back to the queue on shutdown", claimed.id());
                        }
                    }
                    case LOST -> log.warn("Scan {} was taken over by another node; this run's results are dropped",
                            claimed.id());
                }
            }
        }
    }

    /** The pipeline ignored its cancellation past the grace period: end the scan for it, as the reason says. */
    void force(UUID id, UUID tenantId, int attempt, ScanCancellation.Reason reason) {
        String node = properties.nodeId();
        switch (reason) {
            case REQUESTED -> finalizer.finish(id, tenantId, node, attempt, ScanState.CANCELLED, null, null,
                    clock.instant());
            case TIMEOUT -> finalizer.finish(id, tenantId, node, attempt, ScanState.FAILED, "SCAN_TIMEOUT",
                    timeoutMessage(), clock.instant());
            case SHUTDOWN -> queue.handBack(id, node, attempt);
            case LOST -> { }
        }
    }

    private String timeoutMessage() {
        return "The scan did not finish within " + properties.scanTimeout().toSeconds()
                + " s (leakscan.worker.scan-timeout).";
    }

    private void end(ScanQueue.Claimed claimed, ScanState status, String code, String message) {
        if (finalizer.finish(claimed.id(), claimed.tenantId(), properties.nodeId(), claimed.attempt(), status, code,
                message, clock.instant())) {
            log.info("Scan {} {}{}", claimed.id(), status, code == null ? "" : " (" + code + ")");
        }
    }
}
