package io.leakscan.telemetry;

import io.leakscan.target.EndpointRef;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One normalized reading of a target's telemetry.
 *
 * @param at       when the reading was taken (the scanner's clock)
 * @param phase    the scan phase it belongs to, e.g. {@code baseline}, {@code load}, {@code settle}
 * @param endpoint the endpoint under test at that time, or null outside per-endpoint phases
 * @param values   each signal the target offered in this reading; a signal missing here is a gap, not a zero
 * @param restartMarker an opaque value that changes when the process restarts (start time, cmdline), or null
 */
public record Sample(Instant at, String phase, EndpointRef endpoint, Map<Signal, Double> values, String restartMarker) {

    public Sample {
        values = values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(values));
    }

    public OptionalDouble value(Signal signal) {
        Double v = values.get(signal);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public Optional<EndpointRef> endpointUnderTest() {
        return Optional.ofNullable(endpoint);
    }
}
