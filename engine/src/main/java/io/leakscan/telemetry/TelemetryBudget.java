package io.leakscan.telemetry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of telemetry bodies one scan may hold at once, shared by its concurrent reads (discovery's probes, the
 * sampler's sources, profile snapshots). A read reserves what it buffers as the bytes arrive and gives it back when its
 * caller has parsed the body; a read that would go over fails instead of waiting, so a hostile target costs the scan
 * a gap, never the service its memory.
 */
public final class TelemetryBudget {

    /**
     * Four reads at the largest body cap (discovery probes four paths at once), with room to spare: real bodies are
     * kilobytes (see ParseLimits.DEFAULT).
     */
    public static final long DEFAULT_BYTES = 40L << 20;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    public TelemetryBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("budget must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /** Takes {@code bytes} or throws {@link TelemetryHttp.BudgetExhaustedException}, taking nothing. */
    void reserve(long bytes) {
        long now;
        long before;
        do {
            before = used.get();
            now = before + bytes;
            if (now > limit) {
                throw new TelemetryHttp.BudgetExhaustedException(limit);
            }
        } while (!used.compareAndSet(before, now));
        peak.accumulateAndGet(now, Math::max);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long limit() {
        return limit;
    }

    /** Bytes held by reads now. */
    public long used() {
        return used.get();
    }

    /** The most ever held at once. */
    public long peak() {
        return peak.get();
    }
}
