package io.leakscan.analysis.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Robust statistics over small samples: a scan has a few rounds and a few dozen readings, so medians and MADs
 * (which one outlier cannot move) are preferred over means and standard deviations.
 */
public final class Stats {

    /** MAD times this estimates the standard deviation of normally distributed noise. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private Stats() {
    }

    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Median absolute deviation from the median. */
    public static double mad(List<Double> values) {
        double m = median(values);
        return median(values.stream().map(v -> Math.abs(v - m)).toList());
    }

    /**
     * Noise of a series that may drift: the MAD of successive differences, scaled to a standard deviation
     * (a difference of two independent readings has sqrt(2) times their spread). A slow ramp, such as a
     * middleware leak warming up on the scanner's own telemetry requests, does not inflate it.
     */
    public static double differenceSigma(List<Double> series) {
        if (series.size() < 3) {
            return 0.0;
        }
        List<Double> diffs = new ArrayList<>(series.size() - 1);
        for (int i = 1; i < series.size(); i++) {
            diffs.add(series.get(i) - series.get(i - 1));
        }
        return MAD_TO_SIGMA * mad(diffs) / Math.sqrt(2.0);
    }

    /** Ordinary least squares of y on x, with r². Needs two distinct x values. */
    public static Fit leastSquares(double[] x, double[] y) {
        check(x, y);
        int n = x.length;
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("least squares needs two distinct x values");
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        // A perfectly flat y is perfectly explained by a flat line.
        double r2 = syy == 0 ? 1.0 : (sxy * sxy) / (sxx * syy);
        return new Fit(slope, intercept, r2);
    }

    /**
     * Theil–Sen estimator: the median of the slopes between all pairs of points, robust to up to ~29% outliers
     * (one stray GC-less reading cannot tilt it). r² is that of the least-squares fit, for reporting.
     */
    public static Fit theilSen(double[] x, double[] y) {
        check(x, y);
        List<Double> slopes = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                if (x[j] != x[i]) {
                    slopes.add((y[j] - y[i]) / (x[j] - x[i]));
                }
            }
        }
        if (slopes.isEmpty()) {
            throw new IllegalArgumentException("Theil-Sen needs two distinct x values");
        }
        double slope = median(slopes);
        List<Double> residuals = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            residuals.add(y[i] - slope * x[i]);
        }
        // Sen (1968): with N pairwise slopes sorted, the 95% interval runs from rank (N - C)/2 to (N + C)/2 + 1,
        // C = 1.96 sqrt(n(n-1)(2n+5)/18). With the 3-5 rounds of a scan that is about the min and max slope.
        List<Double> sorted = slopes.stream().sorted().toList();
        int n = x.length;
        int big = sorted.size();
        double c = 1.96 * Math.sqrt(n * (n - 1.0) * (2.0 * n + 5) / 18.0);
        int lo = (int) Math.max(0, Math.min(big - 1, Math.floor((big - c) / 2.0)));
        int hi = (int) Math.max(0, Math.min(big - 1, Math.ceil((big + c) / 2.0)));
        return new Fit(slope, median(residuals), leastSquares(x, y).r2(), sorted.get(lo), sorted.get(hi));
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("a fit needs at least two points");
        }
    }
}
