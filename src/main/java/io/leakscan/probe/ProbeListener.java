package io.leakscan.probe;

import io.leakscan.target.EndpointRef;

import java.time.Duration;
import java.time.Instant;

/**
 * Hears what an {@link EndpointProbe} run does as it happens: the telemetry sampler raises its cadence for a settle
 * window, the dashboard streams progress. Called on the probing thread; keep it quick.
 */
public interface ProbeListener {

    ProbeListener NONE = new ProbeListener() {
    };

    default void roundFinished(RoundOutcome outcome) {
    }

    default void settleStarted(EndpointRef endpoint, Instant at, Duration window) {
    }
}
