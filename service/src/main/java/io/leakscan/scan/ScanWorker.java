package io.leakscan.scan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's scan workers. A scheduler thread claims queued scans up to the pool size and runs each on a virtual
 * thread; it also heartbeats the running scans, watches them for cancel requests and timeouts, and reaps scans whose
 * worker (on any node) stopped heartbeating. On shutdown running scans get a grace period, then go back to the queue.
 */
@Component
class ScanWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScanWorker.class);

    private final ScanQueue queue;
    private final ScanPipeline pipeline;
    private final WorkerProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final ScanFinalizer finalizer;
    private final RunEndings endings;
    private final ScanResultStore results;
    private final ScanMetrics metrics;
    private final Map<UUID, WorkerRun> running = new ConcurrentHashMap<>();
    private final Object claimLock = new Object();
    private final ReapGate reapGate;

    private volatile ScheduledExecutorService scheduler;
    private volatile boolean claiming;
    /** Waits between tries of the start's reset while the database refuses it; tests set shorter ones before start. */
    volatile List<Duration> startWaits = DatabaseWrites.START_WAITS;

    ScanWorker(ScanQueue queue, ScanPipeline pipeline, WorkerProperties properties, JsonMapper json, Clock clock,
               ScanFinalizer finalizer, ScanResultStore results, ScanMetrics metrics) {
        this.queue = queue;
        this.pipeline = pipeline;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.finalizer = finalizer;
        this.endings = new RunEndings(queue, finalizer, properties, clock);
        this.results = results;
        this.metrics = metrics;
        this.reapGate = new ReapGate(properties.leaseTimeout());
    }

    String nodeId() {
        return properties.nodeId();
    }

    Set<UUID> runningScans() {
        return Set.copyOf(running.keySet());
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || scheduler != null) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("scan-worker-", 0).daemon().factory());
        claiming = true;
        every(properties.pollInterval(), this::claimWhileFree);
        every(properties.cancelPollInterval(), this::watch);
        every(properties.heartbeatInterval(), this::heartbeat);
        every(properties.reaperInterval(), this::reap);
        log.info("Scan workers started on node {} (pool size {})", nodeId(), properties.poolSize());
    }

    private void every(Duration interval, Runnable task) {
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a database hiccup must not kill the schedule; the next tick tries again
                log.warn("Scan worker task failed: {}", e.toString());
                reapGate.failed(e, clock.instant());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The poll and the reaper both claim, on two scheduler threads: one at a time, so the pool size holds. */
    private void claimWhileFree() {
        synchronized (claimLock) {
            while (claiming && running.size() < properties.poolSize()) {
                Instant now = clock.instant();
                long start = System.nanoTime();
                Optional<ScanQueue.Claimed> claimed = queue.claim(nodeId(), now);
                metrics.claimed(Duration.ofNanos(System.nanoTime() - start), claimed.isPresent());
                if (claimed.isEmpty()) {
                    return;
                }
                WorkerRun run = new WorkerRun(claimed.get().id(), claimed.get().tenantId(), claimed.get().attempt(),
                        now.plus(properties.scanTimeout()));
                running.put(run.id, run);
                run.thread = Thread.ofVirtual().name("scan-" + run.id).start(() -> execute(run, claimed.get()));
            }
        }
    }

    private void execute(WorkerRun run, ScanQueue.Claimed claimed) {
        try {
            ScanPipeline.Outcome outcome;
            try {
                log.info("Scan {} started on node {} (attempt {})", run.id, nodeId(), claimed.attempt());
                ScanSpec spec = json.readValue(claimed.request(), ScanSpec.class);
                PipelineContext ctx = new PipelineContext(claimed, spec, nodeId(), queue, results, json, clock,
                        run.cancellation);
                // a lost or handed-back earlier run's partial results would mix with this run's
                if (!DatabaseWrites.retried(() -> results.reset(claimed.id()), startWaits,
                        run.cancellation)) {
                    giveBack(claimed);
                    return;
                }
                outcome = pipeline.run(ctx);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = new ScanPipeline.Outcome.Cancelled(
                        run.cancellation.reason().orElse(ScanCancellation.Reason.SHUTDOWN));
            } catch (RuntimeException | Error e) {
                String traceId = UUID.randomUUID().toString();
                log.error("Scan {} crashed (trace id {})", run.id, traceId, e);
                outcome = new ScanPipeline.Outcome.Failed("INTERNAL_ERROR",
                        "The scan failed unexpectedly. Quote trace id " + traceId + " when reporting it.");
            }
            endings.conclude(claimed, outcome);
        } catch (RuntimeException e) {
            // e.g. the database is unreachable: the scan stays RUNNING without heartbeats and the reaper requeues it
            log.warn("Could not record the end of scan {}: {}", run.id, e.toString());
        } finally {
            running.remove(run.id);
        }
    }

    /**
     * The run could not clear an earlier attempt's results (the pool timed out, or the database is away): nothing ran,
     * so the scan goes back to the queue without counting the attempt, and is claimed again. Should that write fail
     * too, the scan stops heartbeating once this run is gone, and the reaper requeues it after the lease.
     */
    private void giveBack(ScanQueue.Claimed claimed) {
        if (queue.handBack(claimed.id(), nodeId(), claimed.attempt())) {
            log.warn("Scan {} handed back to the queue: the database refused clearing its earlier results; "
                    + "it runs when claimed again", claimed.id());
        }
    }

    /** Flips tokens for cancel requests, timeouts and lost scans; ends scans that ignore their token too long. */
    private void watch() {
        // a snapshot: a run claimed after the query must not look lost just because the query could not see it
        List<WorkerRun> runs = List.copyOf(running.values());
        if (runs.isEmpty()) {
            return;
        }
        Map<UUID, Boolean> owned = queue.watch(nodeId(), runs.stream().map(r -> r.id).toList());
        Instant now = clock.instant();
        for (WorkerRun run : runs) {
            Boolean cancelRequested = owned.get(run.id);
            if (cancelRequested == null) {
                // finished meanwhile (then the flip is harmless) or taken over by another node
                flip(run, ScanCancellation.Reason.LOST, now);
            } else if (cancelRequested) {
                flip(run, ScanCancellation.Reason.REQUESTED, now);
            } else if (now.isAfter(run.deadline)) {
                flip(run, ScanCancellation.Reason.TIMEOUT, now);
            }
            if (run.cancelledAt != null && now.isAfter(run.cancelledAt.plus(properties.cancelGrace()))) {
                forceEnd(run);
            }
        }
    }

    private void flip(WorkerRun run, ScanCancellation.Reason reason, Instant now) {
        if (run.cancellation.cancel(reason)) {
            run.cancelledAt = now;
            log.info("Scan {} stopping: {}", run.id, reason);
        }
    }

    /** The pipeline ignored its token past the grace period: end the scan for it and interrupt its thread. */
    private void forceEnd(WorkerRun run) {
        if (running.remove(run.id) == null) {
            return;
        }
        log.warn("Scan {} did not stop within {} of being cancelled; ending it", run.id, properties.cancelGrace());
        endings.force(run.id, run.tenantId, run.attempt,
                run.cancellation.reason().orElse(ScanCancellation.Reason.REQUESTED));
        if (run.thread != null) {
            run.thread.interrupt();
        }
    }

    private void heartbeat() {
        List<UUID> ids = List.copyOf(running.keySet());
        if (!ids.isEmpty()) {
            queue.heartbeat(nodeId(), ids, clock.instant());
        }
    }

    private void reap() {
        Instant now = clock.instant();
        if (!reapGate.open(now)) {
            return;
        }
        List<ScanQueue.Reaped> reaped = finalizer.reap(now, now.minus(properties.leaseTimeout()),
                properties.maxAttempts());
        for (ScanQueue.Reaped r : reaped) {
            log.warn("Scan {} lost its worker; now {}", r.id(), r.status());
        }
        // claimed here and now rather than at the next poll, so a lost scan runs again within the lease timeout plus
        // one reaper interval
        if (reaped.stream().anyMatch(r -> r.status() == ScanState.QUEUED)) {
            claimWhileFree();
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler;
        synchronized (this) {
            scheduler = this.scheduler;
            if (scheduler == null) {
                return;
            }
            claiming = false;
        }
        Instant graceEnd = clock.instant().plus(properties.shutdownGrace());
        if (!running.isEmpty()) {
            log.info("Shutting down: {} running scan(s) get {} to finish", running.size(), properties.shutdownGrace());
        }
        waitForRuns(graceEnd);
        Instant now = clock.instant();
        for (WorkerRun run : running.values()) {
            flip(run, ScanCancellation.Reason.SHUTDOWN, now);
        }
        waitForRuns(now.plus(properties.cancelGrace()));
        for (WorkerRun run : running.values()) {
            try {
                forceEnd(run);
            } catch (RuntimeException e) {
                log.warn("Could not hand scan {} back to the queue; the reaper will: {}", run.id, e.toString());
            }
        }
        scheduler.shutdownNow();
        synchronized (this) {
            this.scheduler = null;
        }
    }

    private void waitForRuns(Instant until) {
        while (!running.isEmpty() && clock.instant().isBefore(until)) {
            for (WorkerRun run : running.values()) {
                Thread t = run.thread;
                if (t != null) {
                    try {
                        t.join(Duration.ofMillis(50));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                break;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
