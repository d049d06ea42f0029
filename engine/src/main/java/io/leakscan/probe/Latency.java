package io.leakscan.probe;

import java.util.Arrays;

/**
 * Latency of the requests in a round that got a complete response, exact nearest-rank percentiles over every recorded
 * value (a round holds at most a few thousand, so sorting them is cheap and avoids bucket error).
 */
public record Latency(long samples, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {

    public static final Latency NONE = new Latency(0, 0, 0, 0, 0);

    /** Computes the summary from latencies in nanoseconds; the array is sorted in place. */
    static Latency of(long[] nanos, int count) {
        if (count == 0) {
            return NONE;
        }
        Arrays.sort(nanos, 0, count);
        return new Latency(count, millis(rank(nanos, count, 0.50)), millis(rank(nanos, count, 0.95)),
                millis(rank(nanos, count, 0.99)), millis(nanos[count - 1]));
    }

    private static long rank(long[] sorted, int count, double p) {
        int index = (int) Math.ceil(p * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
