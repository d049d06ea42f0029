package io.leakscan.telemetry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One response body collected as it streams in, under a byte cap and the scan's {@link TelemetryBudget}: every array
 * it allocates is reserved first (both arrays while it grows), and each network buffer is released as soon as it is
 * copied, so nothing but this array holds the body. A declared Content-Length over the cap fails on the first chunk,
 * before a byte is kept, and sizes the array exactly otherwise.
 */
final class BodyBuffer {

    private static final int FIRST_CHUNK = 16 * 1024;

    private final long cap;
    private final TelemetryBudget budget;
    private final long declaredLength;
    private final AtomicBoolean released = new AtomicBoolean();
    private byte[] data; // null until the first chunk
    private int size;
    private long reserved;

    /**
     * Nothing is checked or reserved here: refusing a body before reading it makes the HTTP client drain all of it
     * to reuse the connection, while failing on its first chunk cancels the read and drops the connection.
     */
    BodyBuffer(long cap, TelemetryBudget budget, long declaredLength) {
        this.cap = cap;
        this.budget = budget;
        this.declaredLength = declaredLength;
    }

    private void start() {
        if (declaredLength > cap) {
            throw new TelemetryHttp.BodyTooLargeException(cap);
        }
        int first = declaredLength >= 0 ? (int) declaredLength : (int) Math.min(cap, FIRST_CHUNK);
        budget.reserve(first);
        reserved = first;
        data = new byte[first];
    }

    /** Copies and releases {@code chunk}; throws when the body passes the cap or the budget. */
    synchronized void append(DataBuffer chunk) {
        try {
            if (released.get()) {
                return; // the read was abandoned; a late chunk is only freed
            }
            if (data == null) {
                start();
            }
            int n = chunk.readableByteCount();
            if (size + (long) n > cap) {
                throw new TelemetryHttp.BodyTooLargeException(cap);
            }
            if (size + n > data.length) {
                grow(size + n);
            }
            chunk.read(data, size, n);
            size += n;
        } finally {
            DataBufferUtils.release(chunk);
        }
    }

    private void grow(int needed) {
        int next = (int) Math.min(cap, Math.max(needed, (long) data.length * 2));
        budget.reserve(next); // the old array is live until the copy is done
        byte[] bigger = Arrays.copyOf(data, next);
        budget.release(data.length);
        reserved += next - data.length;
        data = bigger;
    }

    /** The body, trimmed to its length (the trimmed copy is reserved too, the larger array given back). */
    synchronized byte[] body() {
        if (data == null) {
            start();
        }
        if (size == data.length) {
            return data;
        }
        budget.reserve(size);
        byte[] exact = Arrays.copyOf(data, size);
        budget.release(data.length);
        reserved += size - data.length;
        data = exact;
        return data;
    }

    /** Gives the reservation back; idempotent, so every path may call it. */
    void release() {
        if (released.compareAndSet(false, true)) {
            long r;
            synchronized (this) {
                r = reserved;
                reserved = 0;
                data = new byte[0];
            }
            budget.release(r);
        }
    }
}
