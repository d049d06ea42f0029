package io.leakscan.telemetry;

import io.leakscan.telemetry.parse.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GC's own heap figures, read from real expvar and Prometheus output of the lab's expvar-only and
 * Prometheus-only apps (fixtures/go, see VERSIONS.txt): the heap goal, the live heap the GC marked, GOGC and the
 * memory limit, next to HeapAlloc and the GC count the GC-cycle heap signal is built from.
 */
class GcFiguresReaderTest {

    private static Map<Signal, Double> read(String fixture) {
        return TelemetryReader.defaults().sniff(Fixtures.bytes(fixture), false, Instant.EPOCH).orThrow().values();
    }

    @Test
    void expvarMemstatsGiveTheHeapGoalBesideHeapAllocAndNumGc() {
        Map<Signal, Double> v = read("expvar-expvar-heap-leaky.json");
        assertThat(v).containsEntry(Signal.HEAP_GOAL_BYTES, 4194304.0).containsEntry(Signal.GC_COUNT, 1.0)
                .containsEntry(Signal.HEAP_ALLOC_BYTES, 2087872.0).doesNotContainKey(Signal.HEAP_AFTER_GC_BYTES);
    }

    @Test
    void defaultRegistryGivesNextGcAndGogc() {
        Map<Signal, Double> v = read("metrics-text-default-registry-prom-heap-leaky.txt");
        assertThat(v).containsEntry(Signal.HEAP_GOAL_BYTES, 4194304.0).containsEntry(Signal.GOGC_PERCENT, 100.0)
                .containsEntry(Signal.GC_COUNT, 1.0).containsKey(Signal.GC_MEMORY_LIMIT_BYTES)
                .doesNotContainKey(Signal.HEAP_LIVE_BYTES);
    }

    @Test
    void runtimeMetricsGiveTheLiveHeapTheGcMarked() {
        Map<Signal, Double> v = read("metrics-text-runtime-metrics-prom-registry-leaky.txt");
        assertThat(v).containsEntry(Signal.HEAP_LIVE_BYTES, 1036264.0).containsEntry(Signal.HEAP_GOAL_BYTES, 4194304.0)
                .containsEntry(Signal.GOGC_PERCENT, 100.0).containsKey(Signal.GC_COUNT);
    }

    @Test
    void forcedGcHeapProfileCarriesNextGcToo() {
        Map<Signal, Double> v = TelemetryReader.defaults().read(SourceFormat.HEAP_DEBUG1,
                Fixtures.bytes("heap-debug1-gc1-heap-slice-leaky.txt"), true, Instant.EPOCH).orThrow().values();
        assertThat(v).containsEntry(Signal.HEAP_GOAL_BYTES, 7528578.0).containsKey(Signal.HEAP_AFTER_GC_BYTES);
    }
}
