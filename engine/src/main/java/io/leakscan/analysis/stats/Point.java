package io.leakscan.analysis.stats;

/** One reading of a series: seconds since an origin, and the value in the signal's base unit. */
public record Point(double t, double v) {
}
