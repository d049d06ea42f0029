package io.leakscan.report;

import io.leakscan.target.EndpointRef;

import java.util.Objects;

/**
 * A stretch of the scan spent in one phase, for the shaded bands behind the charts.
 *
 * @param phase    {@code baseline}, {@code load}, {@code settle}, {@code abort}, {@code keys}, ...
 * @param endpoint the endpoint under test, or null outside per-endpoint phases
 * @param fromMs   start, milliseconds after {@link TimeSeries#origin()}
 * @param toMs     end (the next phase's first sample, or the last sample of the scan)
 */
public record PhaseBand(String phase, EndpointRef endpoint, long fromMs, long toMs) {

    public PhaseBand {
        Objects.requireNonNull(phase, "phase");
        if (fromMs < 0 || toMs < fromMs) {
            throw new IllegalArgumentException("phase " + phase + " has bad bounds " + fromMs + ".." + toMs);
        }
    }
}
