package io.leakscan.telemetry.parse;

/**
 * Size caps enforced while reading, so a hostile or runaway endpoint cannot make the scanner allocate without bound.
 *
 * @param maxProfileBytes   text profiles and decompressed binary profiles
 * @param maxCompressedBytes gzip bodies before decompression
 * @param maxJsonBytes      JSON bodies (expvar, memory endpoints)
 * @param maxMetricsBytes   Prometheus/OpenMetrics expositions
 * @param maxLineBytes      one line of a text format
 * @param maxJsonDepth      JSON nesting depth
 */
public record ParseLimits(long maxProfileBytes, long maxCompressedBytes, long maxJsonBytes, long maxMetricsBytes,
                          int maxLineBytes, int maxJsonDepth) {

    public static final ParseLimits DEFAULT =
            new ParseLimits(64L << 20, 16L << 20, 4L << 20, 16L << 20, 1 << 20, 64);

    public ParseLimits {
        if (maxProfileBytes <= 0 || maxCompressedBytes <= 0 || maxJsonBytes <= 0 || maxMetricsBytes <= 0
                || maxLineBytes <= 0 || maxJsonDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        // arrays are int-indexed: keep every in-memory cap below 2 GiB
        long cap = Integer.MAX_VALUE - 16;
        if (maxProfileBytes > cap || maxCompressedBytes > cap || maxJsonBytes > cap || maxMetricsBytes > cap) {
            throw new IllegalArgumentException("limits must be below 2 GiB");
        }
    }
}
