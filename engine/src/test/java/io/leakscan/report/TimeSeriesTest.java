package io.leakscan.report;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeSeriesTest {

    static final Instant T0 = Instant.parse("2026-11-29T16:45:00Z");
    static final EndpointRef A = new EndpointRef("GET", "/a");

    static Sample sample(long ms, String phase, EndpointRef ep, Map<Signal, Double> v) {
        return new Sample(T0.plusMillis(ms), phase, ep, v, null);
    }

    @Test
    void columnsAlignPhasesBandTheFullRunAndGapsAreNulls() {
        List<Sample> samples = new ArrayList<>(List.of(
                sample(0, "baseline", null, Map.of(Signal.GOROUTINES, 5.0, Signal.HEAP_AFTER_GC_BYTES, 100.0)),
                sample(250, "baseline", null, Map.of(Signal.GOROUTINES, 5.0)),
                sample(500, "load", A, Map.of(Signal.GOROUTINES, 9.0, Signal.HEAP_AFTER_GC_BYTES, 140.0)),
                sample(750, "settle", A, Map.of(Signal.GOROUTINES, 6.0, Signal.HEAP_AFTER_GC_BYTES, 120.0))));
        Collections.reverse(samples); // order of arrival must not matter
        TimeSeries s = TimeSeries.fromSamples(samples);
        assertThat(s.origin()).isEqualTo(T0);
        assertThat(s.offsetsMs()).containsExactly(0L, 250L, 500L, 750L);
        assertThat(s.goroutines()).containsExactly(5.0, 5.0, 9.0, 6.0);
        assertThat(s.heapAfterGcBytes()).containsExactly(100.0, null, 140.0, 120.0);
        assertThat(s.openFds()).isEmpty();
        assertThat(s.phases()).containsExactly(new PhaseBand("baseline", null, 0, 500),
                new PhaseBand("load", A, 500, 750), new PhaseBand("settle", A, 750, 750));
        assertThat(s.sourceSamples()).isEqualTo(4);
    }

    @Test
    void downsamplesToTheBudgetButKeepsPhasesFromEverySample() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String phase = i < 1000 ? "baseline" : i < 3000 ? "load" : "settle";
            samples.add(sample(i * 10L, phase, i < 1000 ? null : A, Map.of(Signal.GOROUTINES, (double) (i % 97))));
        }
        TimeSeries s = TimeSeries.fromSamples(samples);
        assertThat(s.offsetsMs().size()).isLessThanOrEqualTo(TimeSeries.DEFAULT_MAX_POINTS);
        assertThat(s.goroutines()).hasSameSizeAs(s.offsetsMs()).contains(96.0, 0.0);
        assertThat(s.phases()).extracting(PhaseBand::phase).containsExactly("baseline", "load", "settle");
        assertThat(s.phases().get(1).fromMs()).isEqualTo(10_000);
        assertThat(s.sourceSamples()).isEqualTo(5000);
    }

    @Test
    void noSamplesIsAnEmptySeries() {
        TimeSeries s = TimeSeries.fromSamples(List.of());
        assertThat(s.hasPoints()).isFalse();
        assertThat(s.origin()).isNull();
        assertThat(s).isEqualTo(TimeSeries.empty());
    }

    @Test
    void rejectsInconsistentColumns() {
        assertThatThrownBy(() -> new TimeSeries(T0, List.of(0L, 10L), List.of(1.0), List.of(), List.of(), List.of(), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column");
        assertThatThrownBy(() -> new TimeSeries(T0, List.of(10L, 0L), List.of(), List.of(), List.of(), List.of(), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascend");
        assertThatThrownBy(() -> new TimeSeries(null, List.of(0L), List.of(), List.of(), List.of(), List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("origin");
        assertThatThrownBy(() -> new TimeSeries(T0, List.of(0L, 1L), List.of(), List.of(), List.of(), List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sourceSamples");
        assertThatThrownBy(() -> new PhaseBand("load", null, 10, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
