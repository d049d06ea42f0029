package io.leakscan.telemetry.parse;

import java.time.Instant;
import java.util.List;

/**
 * A parsed goroutine profile.
 *
 * @param capturedAt when the scanner fetched it
 * @param total      total goroutines the runtime reported
 * @param groups     stack groups, largest first
 * @param detailed   true when parsed from {@code debug=2} (wait states and {@code created by} are known)
 */
public record GoroutineProfile(Instant capturedAt, int total, List<StackGroup> groups, boolean detailed) {

    public GoroutineProfile {
        groups = List.copyOf(groups);
    }
}
