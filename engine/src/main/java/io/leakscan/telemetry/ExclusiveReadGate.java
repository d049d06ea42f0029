package io.leakscan.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serializes the forced-GC reads against every other telemetry request of a sampler. Go counts what other requests
 * being served hold at that moment (a /metrics scrape mid-encoding, a goroutine dump) as live heap after the GC:
 * with the scrapes of the same tick overlapping, brief-stream-leaky's post-GC heap swung by 100-250 KiB between
 * readings, the noise threshold rose to ~450 KiB and per-round growth of 260 KiB went unseen. Alone, its readings
 * move by ~10 KiB.
 *
 * <p>An exclusive read starts after every request started before it has ended; any other request starts after the
 * last exclusive read. Both waits are bounded by {@code maxWaitMillis}, so a stuck source costs the others a little
 * overlap, never their cadence.
 */
final class ExclusiveReadGate {

    private final long maxWaitMillis;
    private final Object lock = new Object();
    /** Completes when the last exclusive read has ended; other requests start after it. */
    private CompletableFuture<?> exclusive = CompletableFuture.completedFuture(null);
    /** Non-exclusive requests started or queued and not yet ended; an exclusive read starts after them. */
    private final Set<CompletableFuture<?>> shared = ConcurrentHashMap.newKeySet();

    ExclusiveReadGate(long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
    }

    /**
     * Starts {@code send} in turn and completes as the future it returns does. {@code send} runs on the thread that
     * opens the gate (the caller's, when it is open already) and must not block.
     */
    <T> CompletableFuture<T> submit(boolean exclusiveRead, Supplier<CompletableFuture<T>> send) {
        synchronized (lock) {
            CompletableFuture<?> after;
            if (exclusiveRead) {
                List<CompletableFuture<?>> before = new ArrayList<>(shared);
                before.add(exclusive);
                after = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new));
            } else {
                after = exclusive;
            }
            CompletableFuture<T> out = bounded(after).thenCompose(x -> send.get());
            if (exclusiveRead) {
                exclusive = out;
            } else {
                shared.add(out);
                out.whenComplete((r, e) -> shared.remove(out));
            }
            return out;
        }
    }

    private CompletableFuture<Object> bounded(CompletableFuture<?> f) {
        return f.isDone() ? CompletableFuture.completedFuture(null)
                : f.handle((v, e) -> (Object) null).completeOnTimeout(null, maxWaitMillis, TimeUnit.MILLISECONDS);
    }
}
