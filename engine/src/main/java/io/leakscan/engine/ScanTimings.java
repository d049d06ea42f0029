package io.leakscan.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * When the scan ran and where the time went.
 *
 * @param phases wall-clock time per phase (PROBING and KEY_CARDINALITY summed over endpoints)
 */
public record ScanTimings(Instant startedAt, Instant finishedAt, Map<ScanPhase, Duration> phases) {

    public ScanTimings {
        phases = Map.copyOf(phases);
    }

    public Duration total() {
        return Duration.between(startedAt, finishedAt);
    }
}
