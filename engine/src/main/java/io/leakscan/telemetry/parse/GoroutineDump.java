package io.leakscan.telemetry.parse;


import java.util.List;

/**
 * A parsed goroutine profile plus where it came from.
 *
 * @param kind       the goroutine profile or the goroutine leak profile (Go 1.26 goroutineleak)
 * @param profile    groups and total (for {@code debug=2}, goroutines grouped by stack)
 * @param goroutines the individual goroutines ({@code debug=2} only, empty otherwise)
 */
public record GoroutineDump(Kind kind, GoroutineProfile profile, List<GoroutineRecord> goroutines) {

    public enum Kind {
        /** {@code /debug/pprof/goroutine}: every live goroutine. */
        GOROUTINE,
        /** {@code /debug/pprof/goroutineleak}: goroutines the GC proved can never wake. */
        GOROUTINE_LEAK
    }

    public GoroutineDump {
        goroutines = List.copyOf(goroutines);
    }
}
