package io.leakscan.telemetry;

import java.time.Instant;

/**
 * A restart of the target that the scanner noticed: the sampler as it reads (a changed process start time, a GC
 * counter that went back, a changed cmdline), the analysis in the recorded samples, or the scanner by other means.
 *
 * @param at       when it was noticed
 * @param reason   what gave it away, e.g. {@code process start time changed}, {@code connection refused}
 * @param previous the marker or value before, or null when the restart was noticed without one
 * @param current  the marker or value after, or null likewise
 */
public record RestartEvent(Instant at, String reason, String previous, String current) {

    /** A restart noticed without a before and after value (a refused connection that came back). */
    public RestartEvent(Instant at, String reason) {
        this(at, reason, null, null);
    }

    /** A restart given away by a number that changed (a start time) or went back (a GC counter). */
    public static RestartEvent ofValues(Instant at, String reason, double previous, double current) {
        return new RestartEvent(at, reason, format(previous), format(current));
    }

    /** Whole numbers without a fraction: start times and counters read as the target printed them. */
    static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
