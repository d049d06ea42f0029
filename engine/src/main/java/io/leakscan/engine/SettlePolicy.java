package io.leakscan.engine;

import io.leakscan.analysis.stats.Stats;

import java.util.List;
import java.util.OptionalDouble;

/**
 * When the target is back at rest: pure decisions over the readings watched so far, with no clock and no I/O, so
 * the rules that close a settle window are tested table-driven.
 *
 * @param goroutineThreshold the goroutine count's noise measured in the baseline (2 until it is measured)
 */
record SettlePolicy(double goroutineThreshold) {

    static final SettlePolicy UNMEASURED = new SettlePolicy(2);

    /** The analyzer settles the heap level from two post-GC readings in the window. */
    static boolean heapSettled(List<Double> heapAfterGc) {
        return heapAfterGc.size() >= 2;
    }

    /**
     * Back within the tolerance in the last two readings, and no longer falling between them. Goroutines that linger
     * a fixed time end at the rate they started: closing on the way down, within a tenth of a large peak, carried
     * the rest into the next round's reference, and at deep's 2,000-request rounds that residue grew round over round
     * like a permanent leak.
     */
    boolean backTo(double reference, List<Double> after) {
        if (after.size() < 3) {
            return false;
        }
        double peak = peak(reference, after);
        boolean falling = after.get(after.size() - 2) - after.getLast() > Math.max(goroutineThreshold, 0.02 * peak);
        return lastTwoNear(reference, after, peak) && !falling;
    }

    /**
     * A pooled member's own wake is over: its last two readings since its requests ended are within the tolerance of
     * the level before them (as the analyzer judges a decay), so the next member's requests may start. Two, so the
     * next member's reference, the median of the last three readings, is taken at rest.
     */
    boolean wakeOver(double reference, List<Double> after) {
        return after.size() >= 2 && lastTwoNear(reference, after, peak(reference, after));
    }

    /**
     * How far the readings rose above the reference, what the tolerances scale with; 0 when none did (it only ever
     * enters them through a maximum with the noise, so a fall below the reference counted as 0 already).
     */
    private static double peak(double reference, List<Double> after) {
        return after.stream().mapToDouble(Double::doubleValue).reduce(reference, Math::max) - reference;
    }

    /** The last two readings within the noise, or a tenth of the peak, of the reference: as the analyzer judges. */
    private boolean lastTwoNear(double reference, List<Double> after, double peak) {
        double tolerance = Math.max(goroutineThreshold, 0.1 * peak);
        return after.getLast() - reference <= tolerance && after.get(after.size() - 2) - reference <= tolerance;
    }

    /** The goroutine count of the last second has stopped moving: what lingered from the previous load has ended. */
    boolean quiet(List<Double> lastSecond) {
        if (lastSecond.size() < 3) {
            return false;
        }
        double lo = lastSecond.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = lastSecond.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return hi - lo <= goroutineThreshold;
    }

    /**
     * The baseline's goroutine count holds: the median of the last second within 2 (or 5 %) of the second before.
     * Judged before the noise is measured, hence the fixed tolerance.
     */
    static boolean steady(List<Double> lastSecond, List<Double> secondBefore) {
        OptionalDouble recent = median(lastSecond);
        OptionalDouble earlier = median(secondBefore);
        return recent.isPresent() && earlier.isPresent()
                && Math.abs(recent.getAsDouble() - earlier.getAsDouble()) <= Math.max(2, 0.05 * recent.getAsDouble());
    }

    /** The level a round is measured against: the median of the last three readings, empty without any. */
    static OptionalDouble level(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Stats.median(values.subList(Math.max(0, values.size() - 3), values.size())));
    }

    private static OptionalDouble median(List<Double> values) {
        return values.size() < 3 ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(values));
    }
}
