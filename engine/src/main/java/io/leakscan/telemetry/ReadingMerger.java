package io.leakscan.telemetry;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Merges one tick's readings, one per source, into what its sample holds. Each signal comes from one source: the
 * first in plan order that ever offered it. Two sources of one signal count differently (NumGC in heap?debug=1
 * against go_gc_duration_seconds_count in /metrics), so a tick where the preferred one left a gap must not borrow
 * the other's value: the series would jump and read as a restart.
 */
final class ReadingMerger {

    private final Map<String, Integer> rankByPath = new HashMap<>();
    private final int unknownRank;
    private final Map<Signal, Integer> owners = new ConcurrentHashMap<>();

    /**
     * @param values     each signal from the source that owns it
     * @param gcBySource the GC count each source read, by path (restart detection compares each with itself)
     * @param cmdline    a {@code cmdline:} restart marker one of the sources gave, or null
     */
    record Merged(Map<Signal, Double> values, Map<String, Double> gcBySource, String cmdline) {
    }

    ReadingMerger(SamplingPlan plan) {
        int i = 0;
        for (List<SamplingPlan.Source> sources : List.of(plan.counters(), plan.slow())) {
            for (SamplingPlan.Source s : sources) {
                rankByPath.putIfAbsent(s.path(), i++);
            }
        }
        this.unknownRank = i;
    }

    /** @param readings per source in {@code due}, null where it left a gap */
    Merged merge(List<SamplingPlan.Source> due, List<Reading> readings) {
        Map<Signal, Double> values = new EnumMap<>(Signal.class);
        Map<String, Double> gcBySource = new HashMap<>();
        String cmdline = null;
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            if (r == null) {
                continue;
            }
            String path = due.get(i).path();
            int rank = rankByPath.getOrDefault(path, unknownRank);
            r.values().forEach((signal, v) -> {
                int owner = owners.merge(signal, rank, Math::min);
                if (rank == owner) {
                    values.putIfAbsent(signal, v);
                }
            });
            Double gcHere = r.values().get(Signal.GC_COUNT);
            if (gcHere != null) {
                gcBySource.put(path, gcHere);
            }
            if (r.restartMarker() != null && r.restartMarker().startsWith("cmdline:")) {
                cmdline = r.restartMarker();
            }
        }
        return new Merged(values, gcBySource, cmdline);
    }
}
