package io.leakscan.probe;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request of a lane, from waiting for its turn to its outcome: it subscribes to the exchange itself (one
 * object per request instead of a chain of operators) and hands the lane on exactly once, however it ends
 * (response, failure, timeout, cancel). Reads its round's state through package-private fields, as the inner class
 * it was read it through the enclosing instance: no extra lookups per request.
 */
final class RoundRequest implements CoreSubscriber<RequestResult>, Disposable {

    private final ProbeRound round;

    final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    volatile long startNanos;
    volatile Instant sentAt;
    volatile boolean headersSeen;
    private volatile boolean sent;
    private volatile boolean disposed;
    private volatile Subscription subscription;
    private volatile Disposable timer;

    RoundRequest(ProbeRound round) {
        this.round = round;
    }

    /**
     * Sends once the distress pause is over and the bucket has a token, then spends one unit of budget; waits
     * on timers, never on a thread. Ends the lane's turn without sending when the session stops first or the
     * budget is spent.
     */
    void whenAllowed() {
        if (disposed) {
            return;
        }
        ProbeStopped now = round.session.checkStop();
        if (now != null) {
            round.stopRound(now);
            endLane();
            return;
        }
        Instant at = round.clock.instant();
        Instant pausedUntil = round.distress.pausedUntil();
        if (pausedUntil.isAfter(at)) {
            retryIn(Duration.between(at, pausedUntil));
            return;
        }
        double paced = round.plannedRate * round.distress.rateFactor();
        if (paced != round.pacedAt) {
            round.pacedAt = paced;
        }
        if (round.bucket.rate() != paced) {
            round.bucket.setRate(paced);
        }
        Duration wait = round.bucket.tryTake();
        if (!wait.isZero()) {
            retryIn(wait);
            return;
        }
        if (round.budget.getAndDecrement() <= 0) {
            round.budget.incrementAndGet();
            round.bucket.giveBack();
            round.stopRound(round.session.stopWith(StopReason.BUDGET_EXHAUSTED, "the session's budget of "
                    + round.session.limits.maxTotalRequests() + " requests is spent"));
            endLane();
            return;
        }
        sentAt = at;
        startNanos = System.nanoTime();
        sent = true;
        round.recorder.sent();
        round.inFlight.add(this);
        Mono<RequestResult> exchange;
        try {
            exchange = round.send.send(() -> headersSeen = true);
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
            round.recorder.record(result);
            if (result instanceof RequestResult.Failed f && f.cause() == ErrorCause.NOT_ALLOWED) {
                // Not the target's distress: the policy forbids it. Stop at once, say why.
                round.stopRound(round.session.stopWith(StopReason.TARGET_NOT_ALLOWED, f.detail()));
            } else {
                round.distress.record(result, sentAt);
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        // Every exchange maps its failures to a result; this is a bug guard, not a path.
        if (settled.compareAndSet(false, true)) {
            round.recorder.record(new RequestResult.Failed(ErrorCause.OTHER, ErrorClassifier.describe(error)));
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
            round.recorder.interrupted();
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
            round.inFlight.remove(this);
            round.live.remove(this);
            round.advance();
        }
    }

    /** Ends the lane without sending: the session has stopped or its budget is spent. */
    private void endLane() {
        if (finished.compareAndSet(false, true)) {
            round.live.remove(this);
            round.lanesDone.countDown();
        }
    }
}
