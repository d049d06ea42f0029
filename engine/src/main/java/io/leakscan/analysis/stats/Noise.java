package io.leakscan.analysis.stats;

import java.util.List;

/**
 * The noise of one signal of one target, measured during the baseline: thresholds come from here, not from
 * constants. {@link #threshold()} is k sigma, never below the floor a human would call "nothing" for that signal
 * (2 goroutines, 64 KiB of heap, 2 file descriptors), because a perfectly quiet baseline has a sigma of zero.
 *
 * @param level  the robust baseline level (median)
 * @param sigma  robust standard deviation of the reading-to-reading noise
 * @param k      how many sigmas make a change real
 * @param floor  the smallest change that counts, in the signal's unit
 */
public record Noise(double level, double sigma, double k, double floor) {

    public static final double DEFAULT_K = 4.0;

    public Noise {
        if (!(sigma >= 0) || !(k > 0) || !(floor >= 0)) {
            throw new IllegalArgumentException("invalid noise: sigma=" + sigma + " k=" + k + " floor=" + floor);
        }
    }

    /**
     * Measures a baseline series: level is the median of its later half (a series still warming up has settled
     * more by then); sigma the reading-to-reading noise, which a slow ramp does not inflate.
     */
    public static Noise measure(List<Double> baseline, double floor) {
        if (baseline.isEmpty()) {
            return new Noise(0, 0, DEFAULT_K, floor);
        }
        double level = Stats.median(baseline.subList(baseline.size() / 2, baseline.size()));
        return new Noise(level, Stats.differenceSigma(baseline), DEFAULT_K, floor);
    }

    public double threshold() {
        return Math.max(k * sigma, floor);
    }
}
