package io.leakscan.probe;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One round of a {@link ProbeSession}: its self-clocking lanes, the sweeper that enforces the timeouts, and the
 * state its {@link RoundRequest}s share. Copies the session's per-request state into its own final fields, so a
 * request costs no more lookups than when it read them through the session.
 */
final class ProbeRound {

    /** Sends one request of a round; {@code onHeaders} is to be run when its response headers arrive. */
    @FunctionalInterface
    interface Sender {
        Mono<RequestResult> send(Runnable onHeaders);
    }

    /** Completions that chain synchronously deeper than this hop to a scheduler instead of growing the stack. */
    private static final int MAX_CHAIN_DEPTH = 16;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    final RoundRecorder recorder;
    final double plannedRate;
    volatile double pacedAt;
    private final int requests;
    private final int lanes;
    private final boolean responseDeadline;
    final Sender send;
    private final AtomicLong next = new AtomicLong();
    final CountDownLatch lanesDone;
    private volatile ProbeStopped stop;
    final Set<RoundRequest> inFlight = ConcurrentHashMap.newKeySet();
    private final long requestTimeoutNanos;
    private final long responseTimeoutNanos;
    private Disposable sweeper;

    final ProbeSession session;
    private final ClientSettings settings;
    final DistressMonitor distress;
    final TokenBucket bucket;
    final AtomicLong budget;
    final Set<Disposable> live;
    final Clock clock;

    ProbeRound(ProbeSession session, int requests, double plannedRate, int lanes, boolean responseDeadline,
               Sender send) {
        this.session = session;
        this.settings = session.settings;
        this.distress = session.distress;
        this.bucket = session.bucket;
        this.budget = session.budget;
        this.live = session.live;
        this.clock = session.clock;
        this.requestTimeoutNanos = settings.requestTimeout().toNanos();
        this.responseTimeoutNanos = settings.responseTimeout().toNanos();
        this.requests = requests;
        this.plannedRate = plannedRate;
        this.lanes = lanes;
        this.responseDeadline = responseDeadline;
        this.send = send;
        this.recorder = new RoundRecorder(requests);
        this.lanesDone = new CountDownLatch(lanes);
        this.pacedAt = plannedRate * distress.rateFactor();
    }

    void start() {
        long period = Math.max(10, Math.min(100, settings.responseTimeout().toMillis() / 10));
        sweeper = Schedulers.parallel().schedulePeriodically(this::sweep, period, period, TimeUnit.MILLISECONDS);
        for (int lane = 0; lane < lanes; lane++) {
            advance();
        }
    }

    /**
     * Starts a lane's next request, or ends the lane when the round is over. Whether the session has stopped is
     * the request's first check ({@link RoundRequest#whenAllowed()}), made once per request, not here as well.
     */
    void advance() {
        int[] depth = DEPTH.get();
        if (depth[0] >= MAX_CHAIN_DEPTH) {
            Schedulers.parallel().schedule(this::advance);
            return;
        }
        depth[0]++;
        try {
            if (next.getAndIncrement() >= requests) {
                lanesDone.countDown();
                return;
            }
            RoundRequest request = new RoundRequest(this);
            live.add(request);
            request.whenAllowed();
        } finally {
            depth[0]--;
        }
    }

    /** Cuts requests past a timeout, counting them as timeouts, not interruptions. */
    private void sweep() {
        long now = System.nanoTime();
        for (RoundRequest request : inFlight) {
            long age = now - request.startNanos;
            boolean silent = responseDeadline && !request.headersSeen && age > responseTimeoutNanos;
            if ((silent || age > requestTimeoutNanos) && request.settled.compareAndSet(false, true)) {
                RequestResult timedOut = new RequestResult.Failed(ErrorCause.TIMEOUT, silent
                        ? "no response within " + settings.responseTimeout()
                        : "no complete response within " + settings.requestTimeout());
                recorder.record(timedOut);
                distress.record(timedOut, request.sentAt);
                request.dispose();
            }
        }
    }

    void stopRound(ProbeStopped reason) {
        if (stop == null) {
            stop = reason;
        }
    }

    /**
     * Waits for every lane to end. A stop other than a spent budget cuts what is in flight at once; a spent budget
     * lets the last requests finish, since they are within the limits.
     */
    ProbeStopped await() {
        boolean interrupted = false;
        try {
            while (!lanesDone.await(ProbeSession.POLL_NANOS, TimeUnit.NANOSECONDS)) {
                ProbeStopped now = session.checkStop();
                if (now != null && now.reason() != StopReason.BUDGET_EXHAUSTED) {
                    stopRound(now);
                    session.interruptAll();
                    // Disposal runs each lane's completion at once; this bound only guards against a stuck one.
                    lanesDone.await(1, TimeUnit.SECONDS);
                    break;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            session.cancellation.cancel("the probe thread was interrupted");
            stopRound(session.checkStop());
            session.interruptAll();
        }
        sweeper.dispose();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stop;
    }
}
