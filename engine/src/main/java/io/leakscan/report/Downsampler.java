package io.leakscan.report;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Picks which points of several aligned series to keep so a chart shows the same shape with at most a given number
 * of points. A pure function: same input, same output.
 *
 * <p>Rule: the first and last points are always kept. The points between are cut into equal buckets by index (not by
 * time: the scan samples densely in settle windows, exactly where the decay a developer needs to see happens), and in
 * each bucket the minimum and the maximum of every series are kept. So every series keeps its global extremes and
 * every spike and dip wider than one bucket; a straight leak slope stays a straight slope. Gaps ({@code NaN}) are never
 * chosen as extremes.
 */
public final class Downsampler {

    private Downsampler() {
    }

    /**
     * @param series    aligned series of equal length; {@code NaN} marks a gap
     * @param maxPoints at most this many indices are returned; at least 2
     * @return ascending indices into the series
     */
    public static int[] select(List<double[]> series, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2: " + maxPoints);
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to downsample");
        }
        int n = series.getFirst().length;
        for (double[] s : series) {
            if (s.length != n) {
                throw new IllegalArgumentException("series differ in length: " + n + " and " + s.length);
            }
        }
        if (n <= maxPoints) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        List<double[]> live = series.stream().filter(Downsampler::hasValue).toList();
        int budget = maxPoints - 2;
        int perBucket = 2 * Math.max(1, live.size());
        int buckets = budget / perBucket;
        BitSet keep = new BitSet(n);
        keep.set(0);
        keep.set(n - 1);
        if (buckets == 0 || live.isEmpty()) {
            // Too few points for min and max of every series (or nothing but gaps): an even stride.
            for (int j = 1; j <= budget; j++) {
                keep.set((int) ((long) j * (n - 1) / (budget + 1)));
            }
        } else {
            int interior = n - 2;
            for (int b = 0; b < buckets; b++) {
                int from = 1 + (int) ((long) b * interior / buckets);
                int to = 1 + (int) ((long) (b + 1) * interior / buckets);
                for (double[] s : live) {
                    int min = -1;
                    int max = -1;
                    for (int i = from; i < to; i++) {
                        if (Double.isNaN(s[i])) {
                            continue;
                        }
                        if (min < 0 || s[i] < s[min]) {
                            min = i;
                        }
                        if (max < 0 || s[i] > s[max]) {
                            max = i;
                        }
                    }
                    if (min >= 0) {
                        keep.set(min);
                        keep.set(max);
                    }
                }
            }
        }
        return keep.stream().toArray();
    }

    private static boolean hasValue(double[] s) {
        for (double v : s) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }
}
