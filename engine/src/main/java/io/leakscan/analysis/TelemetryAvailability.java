package io.leakscan.analysis;

import io.leakscan.telemetry.Signal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which telemetry the target offered at all (from preflight discovery). A signal not offered gets no claim.
 *
 * @param offered                 signals the sampler could read
 * @param goroutineProfiles       {@code /debug/pprof/goroutine} is readable
 * @param goroutineLeakProfile    {@code /debug/pprof/goroutineleak} is served (Go 1.26 experiment, 1.27 default)
 * @param exposedWithoutCredentials profiling or memory paths that answered 200 without credentials, e.g.
 *                                {@code /debug/pprof/goroutine}, {@code /debug/pprof/heap}, {@code /debug/vars}
 */
public record TelemetryAvailability(Set<Signal> offered, boolean goroutineProfiles, boolean goroutineLeakProfile,
                                    List<String> exposedWithoutCredentials) {

    public static final TelemetryAvailability NONE = new TelemetryAvailability(Set.of(), false, false, List.of());

    public TelemetryAvailability {
        offered = offered.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(offered));
        exposedWithoutCredentials = List.copyOf(exposedWithoutCredentials);
    }

    public boolean offers(Signal s) {
        return offered.contains(s);
    }
}
