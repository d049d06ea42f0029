package io.leakscan.analysis;

/**
 * Latency percentiles in milliseconds, of one round's completed requests or of all of an endpoint's: the analysis
 * reads them per round (latency drift), the report shows them per endpoint, under the same names.
 */
public record LatencyPercentiles(double p50, double p95, double p99) {

    public LatencyPercentiles {
        if (!(p50 >= 0 && p50 <= p95 && p95 <= p99) || Double.isInfinite(p99)) {
            throw new IllegalArgumentException("percentiles must be finite, non-negative and ordered: "
                    + p50 + ", " + p95 + ", " + p99);
        }
    }
}
