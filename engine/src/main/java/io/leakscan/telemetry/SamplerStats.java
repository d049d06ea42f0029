package io.leakscan.telemetry;

import java.util.Map;

/**
 * How sampling went.
 *
 * @param ticks       scheduled ticks run
 * @param samples     samples produced
 * @param gaps        per signal: ticks where its source was due but failed, timed out or was still busy
 * @param restarts    restart events raised
 * @param jitterP50Ms median lateness of a tick against its schedule
 * @param jitterP99Ms 99th percentile lateness
 * @param jitterMaxMs worst lateness
 */
public record SamplerStats(long ticks, long samples, Map<Signal, Long> gaps, long restarts, double jitterP50Ms,
                           double jitterP99Ms, double jitterMaxMs) {

    public SamplerStats {
        gaps = Map.copyOf(gaps);
    }
}
