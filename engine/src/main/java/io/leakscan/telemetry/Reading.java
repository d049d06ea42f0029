package io.leakscan.telemetry;

import io.leakscan.telemetry.parse.GoroutineDump;
import io.leakscan.telemetry.parse.HeapProfile;

import java.util.EnumMap;
import java.util.Map;

/**
 * What one response of one source said, normalized.
 *
 * @param format        the identified format
 * @param values        the signals it carried, in base units
 * @param restartMarker process start time or cmdline, or null
 * @param goroutines    the parsed goroutine profile when the source is one, else null
 * @param heap          the parsed heap profile when the source is one, else null
 */
public record Reading(SourceFormat format, Map<Signal, Double> values, String restartMarker,
                      GoroutineDump goroutines, HeapProfile heap) {

    public Reading {
        values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
    }
}
