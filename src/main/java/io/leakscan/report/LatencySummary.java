package io.leakscan.report;

/** Latency percentiles of an endpoint's requests, in milliseconds. */
public record LatencySummary(double p50, double p95, double p99) {

    public LatencySummary {
        if (!(p50 >= 0 && p50 <= p95 && p95 <= p99) || Double.isInfinite(p99)) {
            throw new IllegalArgumentException("percentiles must be finite, non-negative and ordered: "
                    + p50 + ", " + p95 + ", " + p99);
        }
    }
}
