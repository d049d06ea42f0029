package io.leakscan.analysis.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoiseTest {

    @Test
    void aQuietBaselineFallsBackToTheFloor() {
        Noise n = Noise.measure(List.of(6.0, 6.0, 6.0, 6.0, 6.0, 6.0), 2.0);
        assertThat(n.level()).isEqualTo(6.0);
        assertThat(n.sigma()).isZero();
        assertThat(n.threshold()).isEqualTo(2.0);
    }

    @Test
    void aNoisyBaselineRaisesTheThresholdAboveTheFloor() {
        // heap after GC readings from the recorded heap-slice baseline, jittering by several KiB
        List<Double> heap = List.of(342400.0, 350768.0, 351136.0, 342248.0, 342992.0, 343296.0, 347968.0,
                357064.0, 348712.0, 348712.0, 347776.0, 348272.0);
        Noise n = Noise.measure(heap, 1024);
        assertThat(n.sigma()).isGreaterThan(1024);
        assertThat(n.threshold()).isEqualTo(Noise.DEFAULT_K * n.sigma());
    }

    @Test
    void levelIsTakenFromTheLaterHalfOfAWarmingBaseline() {
        Noise n = Noise.measure(List.of(10.0, 14.0, 18.0, 22.0, 34.0, 35.0, 34.0, 35.0), 2);
        assertThat(n.level()).isEqualTo(34.5);
    }

    @Test
    void noBaselineMeansOnlyTheFloor() {
        Noise n = Noise.measure(List.of(), 64 * 1024);
        assertThat(n.threshold()).isEqualTo(64 * 1024);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Noise(0, -1, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Noise(0, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Noise(0, Double.NaN, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
