package io.leakscan.telemetry;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingMergerTest {

    static final SamplingPlan.Source METRICS = new SamplingPlan.Source("/metrics", SourceFormat.PROMETHEUS_TEXT, false);
    static final SamplingPlan.Source HEAP =
            new SamplingPlan.Source("/debug/pprof/heap?debug=1&gc=1", SourceFormat.HEAP_DEBUG1, true);
    static final SamplingPlan PLAN = new SamplingPlan(List.of(METRICS), List.of(HEAP), null);

    static Reading reading(Map<Signal, Double> values, String marker) {
        return new Reading(SourceFormat.PROMETHEUS_TEXT, values, marker, null, null);
    }

    @Test
    void eachSignalComesFromTheFirstSourceInPlanOrderThatEverOfferedIt() {
        ReadingMerger merger = new ReadingMerger(PLAN);
        ReadingMerger.Merged both = merger.merge(List.of(METRICS, HEAP), List.of(
                reading(Map.of(Signal.GC_COUNT, 40.0, Signal.GOROUTINES, 9.0), null),
                reading(Map.of(Signal.GC_COUNT, 45.0, Signal.HEAP_AFTER_GC_BYTES, 1e6), null)));
        assertThat(both.values()).containsExactlyInAnyOrderEntriesOf(Map.of(Signal.GC_COUNT, 40.0,
                Signal.GOROUTINES, 9.0, Signal.HEAP_AFTER_GC_BYTES, 1e6));
        assertThat(both.gcBySource()).isEqualTo(Map.of("/metrics", 40.0, HEAP.path(), 45.0));
        // /metrics left a gap: its GC count is not borrowed from the heap read, which counts differently
        ReadingMerger.Merged gap = merger.merge(List.of(METRICS, HEAP), Arrays.asList(null,
                reading(Map.of(Signal.GC_COUNT, 46.0, Signal.HEAP_AFTER_GC_BYTES, 1e6), null)));
        assertThat(gap.values()).doesNotContainKey(Signal.GC_COUNT).containsKey(Signal.HEAP_AFTER_GC_BYTES);
        assertThat(gap.gcBySource()).isEqualTo(Map.of(HEAP.path(), 46.0));
    }

    @Test
    void aCmdlineMarkerIsPickedUpAndOtherMarkersAreNot() {
        ReadingMerger merger = new ReadingMerger(PLAN);
        assertThat(merger.merge(List.of(METRICS), List.of(reading(Map.of(), "cmdline:/app"))).cmdline())
                .isEqualTo("cmdline:/app");
        assertThat(merger.merge(List.of(METRICS), List.of(reading(Map.of(), "start:12"))).cmdline()).isNull();
    }
}
