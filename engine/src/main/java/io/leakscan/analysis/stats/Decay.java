package io.leakscan.analysis.stats;

import java.util.List;

/**
 * What a signal did after the load stopped.
 *
 * @param kind                 clean, lingering, permanent, or unknown (no readings after the load)
 * @param lifetimeSeconds      for LINGERING: seconds from the end of the load until the signal was back at its
 *                             reference; for PERMANENT: the window it stayed elevated for (a lower bound)
 * @param peakExcess           the largest excess over the reference after the load ended
 * @param settledExcess        the excess at the end of the window
 */
public record Decay(Kind kind, double lifetimeSeconds, double peakExcess, double settledExcess) {

    public enum Kind {
        /** Back at the reference within the grace period: goroutines lived as long as their requests. */
        CLEAN,
        /** Elevated after the load, then back: work that outlives the response by a measured lifetime. */
        LINGERING,
        /** Still elevated when the window closed. */
        PERMANENT,
        /** No readings after the load. */
        UNKNOWN
    }

    /**
     * Classifies the readings taken after a load ended.
     *
     * @param after      readings from the end of the load to the end of the settle window, in time order
     * @param reference  the level before the load
     * @param threshold  the smallest excess that counts (from the measured noise)
     * @param loadEnd    when the load ended, on the readings' clock
     * @param windowEnd  when the settle window closed
     * @param cleanGrace how long after the load a return still counts as clean: a handler's goroutine ends with
     *                   its response, and a sampler sees that only at its next reading
     */
    public static Decay classify(List<Point> after, double reference, double threshold, double loadEnd,
                                 double windowEnd, double cleanGrace) {
        if (after.isEmpty()) {
            return new Decay(Kind.UNKNOWN, 0, 0, 0);
        }
        double peak = after.stream().mapToDouble(Point::v).max().orElseThrow() - reference;
        double settled = after.getLast().v() - reference;
        // "Back" means within the noise threshold, or within a tenth of the peak: a reference taken while the
        // target was still warming up (a middleware leak fed by the sampler's own requests) is a few units off,
        // and that residue is not what stayed behind from a peak of hundreds.
        double tolerance = Math.max(threshold, 0.1 * peak);
        // The earliest reading from which the series stays within the tolerance until the end.
        int back = after.size();
        for (int i = after.size() - 1; i >= 0 && after.get(i).v() - reference <= tolerance; i--) {
            back = i;
        }
        if (back == after.size()) {
            return new Decay(Kind.PERMANENT, Math.max(0, windowEnd - loadEnd), peak, settled);
        }
        if (back == 0) {
            return new Decay(Kind.CLEAN, Math.max(0, after.getFirst().t() - loadEnd), peak, settled);
        }
        // It came back between the last elevated reading and the first one at the reference.
        double returned = (after.get(back - 1).t() + after.get(back).t()) / 2.0;
        double lifetime = Math.max(0, returned - loadEnd);
        return new Decay(lifetime <= cleanGrace ? Kind.CLEAN : Kind.LINGERING, lifetime, peak, settled);
    }
}
