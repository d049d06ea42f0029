package io.leakscan.telemetry;

import java.util.Arrays;

/**
 * How late the sampler's ticks ran against their schedule: the most recent ones in a ring, so a long scan keeps a
 * bounded footprint. Recording is one store under a lock of its own, as cheap as the tick path needs it.
 */
final class TickJitter {

    private static final int DEFAULT_CAPACITY = 8192;

    private final long[] micros;
    private long count;

    TickJitter() {
        this(DEFAULT_CAPACITY);
    }

    TickJitter(int capacity) {
        this.micros = new long[capacity];
    }

    /** Notes one tick that ran {@code lateMillis} after its scheduled time (early counts as on time). */
    synchronized void record(long lateMillis) {
        micros[(int) (count++ % micros.length)] = Math.max(0, lateMillis) * 1000;
    }

    /** The ticks kept so far, sorted, for percentiles that agree with each other. */
    synchronized Distribution distribution() {
        int n = (int) Math.min(count, micros.length);
        long[] sorted = Arrays.copyOf(micros, n);
        Arrays.sort(sorted);
        return new Distribution(sorted);
    }

    /** Lateness in microseconds, ascending. */
    record Distribution(long[] sortedMicros) {

        /** Lateness at percentile {@code p} (0..1) in milliseconds, nearest rank; 0 when no tick ran. */
        double percentileMs(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("percentile must be within 0..1: " + p);
            }
            int n = sortedMicros.length;
            if (n == 0) {
                return 0;
            }
            return sortedMicros[(int) Math.max(0, Math.min(n - 1, Math.ceil(p * n) - 1))] / 1000.0;
        }

        double maxMs() {
            return sortedMicros.length == 0 ? 0 : sortedMicros[sortedMicros.length - 1] / 1000.0;
        }
    }
}
