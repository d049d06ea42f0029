package io.leakscan.analysis.stats;

/**
 * A straight-line fit {@code y = slope * x + intercept}, how much of the variance it explains, and a ~95% interval
 * for the slope (Sen's distribution-free interval over the pairwise slopes; for least squares the slope itself).
 */
public record Fit(double slope, double intercept, double r2, double slopeLow, double slopeHigh) {

    public Fit(double slope, double intercept, double r2) {
        this(slope, intercept, r2, slope, slope);
    }
}
