package io.leakscan.analysis.stats;

/** A straight-line fit {@code y = slope * x + intercept} and how much of the variance it explains. */
public record Fit(double slope, double intercept, double r2) {
}
