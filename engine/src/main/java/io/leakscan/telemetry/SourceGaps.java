package io.leakscan.telemetry;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per signal, the ticks where the source that carries it was due but failed, timed out or was still busy. A source
 * counts for the signals its last good reading carried; before its first one it counts for none.
 */
final class SourceGaps {

    private final Map<String, Set<Signal>> signalsBySource = new ConcurrentHashMap<>();
    private final Map<Signal, Long> gaps = new EnumMap<>(Signal.class);

    /** A good reading from {@code path}: its signals are what a later gap there misses. */
    void read(String path, Set<Signal> signals) {
        signalsBySource.put(path, signals);
    }

    void gap(String path) {
        Set<Signal> expected = signalsBySource.getOrDefault(path, Set.of());
        synchronized (gaps) {
            for (Signal sig : expected) {
                gaps.merge(sig, 1L, Long::sum);
            }
        }
    }

    Map<Signal, Long> counts() {
        synchronized (gaps) {
            return Map.copyOf(gaps);
        }
    }
}
