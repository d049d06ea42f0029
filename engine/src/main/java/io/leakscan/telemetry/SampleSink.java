package io.leakscan.telemetry;

import java.util.List;

/**
 * Where a sampler delivers its output. The integrator persists batches (one transaction per batch); calls come from
 * the sampler's threads, one at a time, and must not block for long.
 */
public interface SampleSink {

    /** Samples in time order; never empty. */
    void accept(List<Sample> batch);

    /** The target restarted (or answered from another process): the measurement so far is invalid. */
    default void restart(RestartEvent event) {
    }
}
