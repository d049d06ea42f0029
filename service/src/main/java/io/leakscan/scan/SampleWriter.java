package io.leakscan.scan;

import io.leakscan.telemetry.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes a running scan's samples to the database on a thread of its own, in arrival order, so the sampler's cadence
 * never waits on PostgreSQL. A batch the database refused (it is away) is kept and written, in order, before the next
 * one and again when the scan ends: a scan that carries on across a database outage keeps every sample.
 */
final class SampleWriter {

    private static final Logger log = LoggerFactory.getLogger(SampleWriter.class);
    /** Kept batches at most (a sampler hands over about one batch a second): older ones are dropped beyond it. */
    static final int MAX_KEPT_BATCHES = 3_600;
    private static final Duration FINAL_RETRY = Duration.ofSeconds(30);

    private final UUID scanId;
    private final Consumer<List<Sample>> record;
    private final ScanCancellation cancellation;
    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("samples-writer").factory());
    /** Batches not yet written, oldest first; touched on the writer thread only. */
    private final Deque<List<Sample>> unwritten = new ArrayDeque<>();

    SampleWriter(ScanContext ctx) {
        this(ctx.scanId(), ctx::recordSamples, ctx.cancellation());
    }

    SampleWriter(UUID scanId, Consumer<List<Sample>> record, ScanCancellation cancellation) {
        this.scanId = scanId;
        this.record = record;
        this.cancellation = cancellation;
    }

    /** Hands a batch over; returns at once. */
    void write(List<Sample> batch) {
        try {
            thread.execute(() -> {
                if (unwritten.size() >= MAX_KEPT_BATCHES) {
                    log.warn("Scan {}: dropped {} samples kept through a long database outage", scanId,
                            unwritten.removeFirst().size());
                }
                unwritten.addLast(batch);
                flush();
            });
        } catch (RejectedExecutionException e) {
            // only after the engine returned, when no sampler runs any more
            log.warn("Scan {}: {} samples arrived after the scan ended", scanId, batch.size());
        }
    }

    /**
     * Waits for every batch handed over to be written (before the results are stored), retrying kept batches for up to
     * 30 s while the database is still away.
     */
    void drain() {
        thread.execute(() -> {
            long giveUp = System.nanoTime() + FINAL_RETRY.toNanos();
            try {
                while (!flush() && System.nanoTime() - giveUp < 0 && !cancellation.await(Duration.ofSeconds(1))) {
                    // the next flush tries again
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int lost = unwritten.stream().mapToInt(List::size).sum();
            if (lost > 0) {
                log.warn("Scan {}: {} samples could not be recorded", scanId, lost);
            }
        });
        thread.shutdown();
        try {
            if (!thread.awaitTermination(FINAL_RETRY.toSeconds() + 30, TimeUnit.SECONDS)) {
                log.warn("Scan {}: samples still being written after {} s", scanId, FINAL_RETRY.toSeconds() + 30);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the kept batches oldest first; stops at the first refusal. @return true when none is left */
    private boolean flush() {
        while (!unwritten.isEmpty()) {
            try {
                record.accept(unwritten.peekFirst());
            } catch (RuntimeException e) {
                log.warn("Scan {}: could not record samples ({} batch(es) kept to write later): {}", scanId,
                        unwritten.size(), e.toString());
                return false;
            }
            unwritten.removeFirst();
        }
        return true;
    }
}
