package io.leakscan.telemetry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One response body collected as it streams in, under a byte cap and the scan's {@link TelemetryBudget}: every block
 * it allocates is reserved first, and each network buffer is released as soon as it is copied, so nothing but these
 * blocks holds the body. Blocks of fixed size, joined once at the end, so a body cut at the cap has cost the cap and no
 * growth copies. A declared Content-Length over the cap fails on the first chunk, before a byte is kept, and gives the
 * body one exact block otherwise.
 */
final class BodyBuffer {

    private static final int BLOCK = 64 * 1024;

    private final long cap;
    private final TelemetryBudget budget;
    private final long declaredLength;
    private final AtomicBoolean released = new AtomicBoolean();
    private final List<byte[]> blocks = new ArrayList<>();
    private boolean started;
    private long size;
    private int fill; // bytes used in the last block
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
        started = true;
        if (declaredLength > cap) {
            throw new TelemetryHttp.BodyTooLargeException(cap);
        }
        if (declaredLength > 0) {
            addBlock((int) declaredLength);
        }
    }

    private void addBlock(int length) {
        budget.reserve(length);
        reserved += length;
        blocks.add(new byte[length]);
        fill = 0;
    }

    /** Copies and releases {@code chunk}; throws when the body passes the cap or the budget. */
    synchronized void append(DataBuffer chunk) {
        try {
            if (released.get()) {
                return; // the read was abandoned; a late chunk is only freed
            }
            if (!started) {
                start();
            }
            int n = chunk.readableByteCount();
            if (size + n > cap) {
                throw new TelemetryHttp.BodyTooLargeException(cap);
            }
            while (n > 0) {
                if (blocks.isEmpty() || fill == blocks.getLast().length) {
                    addBlock((int) Math.min(BLOCK, cap - size));
                }
                byte[] last = blocks.getLast();
                int k = Math.min(n, last.length - fill);
                chunk.read(last, fill, k);
                fill += k;
                size += k;
                n -= k;
            }
        } finally {
            DataBufferUtils.release(chunk);
        }
    }

    /** The body in one array: the only block when it fits exactly, else a joined copy (reserved; the blocks go back). */
    synchronized byte[] body() {
        if (!started) {
            start();
        }
        if (blocks.size() == 1 && fill == blocks.getFirst().length) {
            return blocks.getFirst();
        }
        budget.reserve(size);
        byte[] joined = new byte[(int) size];
        int at = 0;
        for (int i = 0; i < blocks.size(); i++) {
            int len = i == blocks.size() - 1 ? fill : blocks.get(i).length;
            System.arraycopy(blocks.get(i), 0, joined, at, len);
            at += len;
        }
        budget.release(reserved);
        reserved = size;
        blocks.clear();
        blocks.add(joined);
        fill = joined.length;
        return joined;
    }

    /** Gives the reservation back; idempotent, so every path may call it. */
    void release() {
        if (released.compareAndSet(false, true)) {
            long r;
            synchronized (this) {
                r = reserved;
                reserved = 0;
                blocks.clear();
            }
            budget.release(r);
        }
    }
}
