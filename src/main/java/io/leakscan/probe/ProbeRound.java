package io.leakscan.probe;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One round of a {@link ProbeSession}: its self-clocking lanes, their requests, and the sweeper that enforces the
 * timeouts. Holds the session's per-request state in its own final fields (as the inner class it was read them through
 * the enclosing instance), so a request costs no more lookups than before.
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
    private final Sender send;
    private final AtomicLong next = new AtomicLong();
    private final CountDownLatch lanesDone;
    private volatile ProbeStopped stop;
    private final Set<Request> inFlight = ConcurrentHashMap.newKeySet();
    private final long requestTimeoutNanos;
    private final long responseTimeoutNanos;
    private Disposable sweeper;

    private final ProbeSession session;
    private final ClientSettings settings;
    private final DistressMonitor distress;
    private final TokenBucket bucket;
    private final AtomicLong budget;
    private final Set<Disposable> live;
    private final Clock clock;

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
     * the request's first check ({@link Request#whenAllowed()}), made once per request, not here as well.
     */
    private void advance() {
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
            Request request = new Request();
            live.add(request);
            request.whenAllowed();
        } finally {
            depth[0]--;
        }
    }

    /** Cuts requests past a timeout, counting them as timeouts, not interruptions. */
    private void sweep() {
        long now = System.nanoTime();
        for (Request request : inFlight) {
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

    private void stopRound(ProbeStopped reason) {
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

    /**
     * One request of a lane, from waiting for its turn to its outcome: it subscribes to the exchange itself (one
     * object per request instead of a chain of operators) and hands the lane on exactly once, however it ends
     * (response, failure, timeout, cancel).
     */
    private final class Request implements CoreSubscriber<RequestResult>, Disposable {

        final AtomicBoolean settled = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();
        volatile long startNanos;
        volatile Instant sentAt;
        volatile boolean headersSeen;
        private volatile boolean sent;
        private volatile boolean disposed;
        private volatile Subscription subscription;
        private volatile Disposable timer;

        /**
         * Sends once the distress pause is over and the bucket has a token, then spends one unit of budget; waits
         * on timers, never on a thread. Ends the lane's turn without sending when the session stops first or the
         * budget is spent.
         */
        void whenAllowed() {
            if (disposed) {
                return;
            }
            ProbeStopped now = session.checkStop();
            if (now != null) {
                stopRound(now);
                endLane();
                return;
            }
            Instant at = clock.instant();
            Instant pausedUntil = distress.pausedUntil();
            if (pausedUntil.isAfter(at)) {
                retryIn(Duration.between(at, pausedUntil));
                return;
            }
            double paced = plannedRate * distress.rateFactor();
            if (paced != pacedAt) {
                pacedAt = paced;
            }
            if (bucket.rate() != paced) {
                bucket.setRate(paced);
            }
            Duration wait = bucket.tryTake();
            if (!wait.isZero()) {
                retryIn(wait);
                return;
            }
            if (budget.getAndDecrement() <= 0) {
                budget.incrementAndGet();
                bucket.giveBack();
                stopRound(session.stopWith(StopReason.BUDGET_EXHAUSTED, "the session's budget of "
                        + session.limits.maxTotalRequests() + " requests is spent"));
                endLane();
                return;
            }
            sentAt = at;
            startNanos = System.nanoTime();
            sent = true;
            recorder.sent();
            inFlight.add(this);
            Mono<RequestResult> exchange;
            try {
                exchange = send.send(() -> headersSeen = true);
            } catch (RuntimeException e) {
                onError(e);
                return;
            }
            exchange.subscribe(this);
        }

        private void retryIn(Duration wait) {
            timer = Schedulers.parallel().schedule(this::whenAllowed, wait.toNanos(), TimeUnit.NANOSECONDS);
            if (disposed) {
                timer.dispose();
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (disposed) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(RequestResult result) {
            if (settled.compareAndSet(false, true)) {
                recorder.record(result);
                if (result instanceof RequestResult.Failed f && f.cause() == ErrorCause.NOT_ALLOWED) {
                    // Not the target's distress: the policy forbids it. Stop at once, say why.
                    stopRound(session.stopWith(StopReason.TARGET_NOT_ALLOWED, f.detail()));
                } else {
                    distress.record(result, sentAt);
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            // Every exchange maps its failures to a result; this is a bug guard, not a path.
            if (settled.compareAndSet(false, true)) {
                recorder.record(new RequestResult.Failed(ErrorCause.OTHER, ErrorClassifier.describe(error)));
            }
            finish();
        }

        @Override
        public void onComplete() {
            finish();
        }

        /** Cuts the request (cancel, close, timeout): a request that left and has no outcome yet was interrupted. */
        @Override
        public void dispose() {
            disposed = true;
            Disposable pending = timer;
            if (pending != null) {
                pending.dispose();
            }
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            if (sent && settled.compareAndSet(false, true)) {
                recorder.interrupted();
            }
            finish();
        }

        @Override
        public boolean isDisposed() {
            return disposed || finished.get();
        }

        /** Hands the lane on: exactly once per request. */
        private void finish() {
            if (finished.compareAndSet(false, true)) {
                inFlight.remove(this);
                live.remove(this);
                advance();
            }
        }

        /** Ends the lane without sending: the session has stopped or its budget is spent. */
        private void endLane() {
            if (finished.compareAndSet(false, true)) {
                live.remove(this);
                lanesDone.countDown();
            }
        }
    }
}
