package io.leakscan.engine;

import io.leakscan.probe.CancellationToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every wait of the scan thread: on the injected clock, and ended by a cancel within a poll. The pause between polls
 * is injected too, so a test moves a fake clock instead of sleeping.
 */
final class Waits {

    static final Duration POLL = Duration.ofMillis(25);
    /** The longest a blocking step (preflight, discovery, a profile fetch) may take before it counts as failed. */
    static final Duration STEP_LIMIT = Duration.ofMinutes(2);

    /** How the scan thread spends the time between two polls. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration);
    }

    static final Pause PARK = d -> LockSupport.parkNanos(d.toNanos());

    private final Clock clock;
    private final CancellationToken cancel;
    private final Pause pause;

    Waits(Clock clock, CancellationToken cancel, Pause pause) {
        this.clock = clock;
        this.cancel = cancel;
        this.pause = pause;
    }

    Instant now() {
        return clock.instant();
    }

    boolean cancelled() {
        return cancel.isCancelled();
    }

    /** Waits until {@code until}; false when cancelled first. */
    boolean sleepUntil(Instant until) {
        while (!cancel.isCancelled()) {
            Instant now = clock.instant();
            if (!now.isBefore(until)) {
                return true;
            }
            pause.pause(POLL.compareTo(Duration.between(now, until)) < 0 ? POLL : Duration.between(now, until));
        }
        return false;
    }

    /**
     * Polls {@code done} with the current instant until it holds or {@code deadline} has come, or the scan is
     * cancelled; returns the instant the wait ended.
     */
    Instant pollUntil(Instant deadline, Predicate<Instant> done) {
        while (true) {
            Instant now = clock.instant();
            if (cancel.isCancelled() || !now.isBefore(deadline) || done.test(now)) {
                return now;
            }
            pause.pause(POLL);
        }
    }

    /** Runs a blocking step off this thread, so a cancel returns within a poll; null when cancelled. */
    <T> T await(Supplier<T> step) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(step, task -> Thread.ofVirtual().start(task));
        return awaitFuture(f);
    }

    /**
     * The future's value; null when it failed (a telemetry failure leaves a gap), when it took longer than
     * {@link #STEP_LIMIT} or when the scan was cancelled. A failure that can only be a bug in the engine is rethrown.
     */
    <T> T awaitFuture(CompletableFuture<T> f) {
        Instant limit = clock.instant().plus(STEP_LIMIT);
        while (!cancel.isCancelled()) {
            try {
                return f.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (clock.instant().isAfter(limit)) {
                    f.cancel(true);
                    return null;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re && isEngineBug(re)) {
                    throw re;
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel("the scan thread was interrupted");
            } catch (CancellationException e) {
                return null;
            }
        }
        f.cancel(true);
        return null;
    }

    /** Telemetry failures (timeouts, HTTP errors, bad bodies) leave a gap; anything else is a bug to surface. */
    private static boolean isEngineBug(RuntimeException e) {
        return e instanceof NullPointerException || e instanceof ClassCastException;
    }
}
