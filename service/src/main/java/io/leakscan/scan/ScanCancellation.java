package io.leakscan.scan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cancellation token of one running scan. The worker flips it (within about
 * {@code leakscan.worker.cancel-poll-interval} of a cancel request, on scan timeout, on shutdown, or when another
 * node took the scan over); phases check it between steps, wait on it instead of sleeping, and register
 * {@link #onCancel} hooks that abort in-flight traffic at once.
 */
public final class ScanCancellation {

    /** Why a scan is being stopped. */
    public enum Reason {
        /** A client asked for it. Ends CANCELLED. */
        REQUESTED,
        /** The scan ran longer than {@code leakscan.worker.scan-timeout}. Ends FAILED with SCAN_TIMEOUT. */
        TIMEOUT,
        /** This node is shutting down. The scan goes back to the queue. */
        SHUTDOWN,
        /** This node no longer owns the scan (the reaper gave it to another). Nothing more is written. */
        LOST
    }

    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    public boolean isCancelled() {
        return reason.get() != null;
    }

    public Optional<Reason> reason() {
        return Optional.ofNullable(reason.get());
    }

    /** Throws {@link ScanCancelledException} once cancelled; call it between steps. */
    public void throwIfCancelled() {
        Reason r = reason.get();
        if (r != null) {
            throw new ScanCancelledException(r);
        }
    }

    /**
     * Waits up to {@code timeout} or until cancelled, whichever comes first: use it for sampling pauses instead of
     * sleeping, so a cancel is seen at once.
     *
     * @return true when cancelled
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code hook} when the scan is cancelled (at once if it already is), e.g. to dispose in-flight requests. */
    public void onCancel(Runnable hook) {
        hooks.add(hook);
        if (isCancelled() && hooks.remove(hook)) {
            hook.run();
        }
    }

    /** @return true when this call cancelled the token (the first reason wins) */
    boolean cancel(Reason why) {
        if (!reason.compareAndSet(null, why)) {
            return false;
        }
        cancelled.countDown();
        for (Runnable hook : hooks) {
            if (hooks.remove(hook)) {
                try {
                    hook.run();
                } catch (RuntimeException ignored) {
                    // a failing hook must not keep the others from running
                }
            }
        }
        return true;
    }
}
