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

    /**
     * Fitted to real bodies with wide headroom (lab apps, Go 1.26): a debug=2 dump takes about 220 bytes per
     * goroutine (3,005 goroutines: 650 KB), so 8 MiB holds some 38,000; the debug=1 form of the same was 3.9 KB, the
     * gzipped goroutine and heap profiles 2.3 and 4.0 KB (4.2 and 8.1 KB unzipped), heap?debug=1 21 KB, expvar 4.1 KB,
     * a client_golang /metrics page 8.1 KB. Go itself stops a debug=2 dump at 64 MiB; a body over these caps is
     * refused as TOO_LARGE rather than held, so a hostile target cannot make a scan buffer more.
     */
    public static final ParseLimits DEFAULT =
            new ParseLimits(8L << 20, 2L << 20, 1L << 20, 4L << 20, 1 << 20, 64);

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
