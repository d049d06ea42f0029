package io.leakscan.analysis;

import io.leakscan.telemetry.parse.GoroutineProfile;

/**
 * Goroutine profiles around one endpoint's rounds, each null when not taken. Prefer {@code debug=2} (wait states,
 * {@code created by}); {@code debug=1} works for the diff.
 *
 * @param before          before the endpoint's first round
 * @param afterLoad       right after its last round's load, before the settle window (lingering goroutines are
 *                        still there)
 * @param afterSettle     after its last settle window (only permanent ones are left)
 * @param leakAfterSettle {@code /debug/pprof/goroutineleak} after the settle window, when served
 */
public record ProfileSnapshots(GoroutineProfile before, GoroutineProfile afterLoad, GoroutineProfile afterSettle,
                               GoroutineProfile leakAfterSettle) {

    public static final ProfileSnapshots NONE = new ProfileSnapshots(null, null, null, null);
}
