package io.leakscan.analysis.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlateauTest {

    @Test
    void aLeakGrowsInEveryRound() {
        Plateau p = Plateau.classify(List.of(0.0, 100.0, 200.0, 300.0), 10);
        assertThat(p.shape()).isEqualTo(Plateau.Shape.GROWING);
        assertThat(p.grewRounds()).isEqualTo(3);
        assertThat(p.increments()).containsExactly(100.0, 100.0, 100.0);
    }

    @Test
    void aSingleJumpIsWarmUp() {
        Plateau p = Plateau.classify(List.of(0.0, 1_000_000.0, 1_004_000.0, 999_000.0), 65536);
        assertThat(p.shape()).isEqualTo(Plateau.Shape.PLATEAU);
        assertThat(p.grewRounds()).isEqualTo(1);
    }

    @Test
    void nothingAboveTheThresholdIsFlat() {
        assertThat(Plateau.classify(List.of(6.0, 7.0, 6.0, 8.0), 2).shape()).isEqualTo(Plateau.Shape.FLAT);
    }

    @Test
    void growthThatStopsAndRestartsIsIrregular() {
        assertThat(Plateau.classify(List.of(0.0, 100.0, 100.0, 200.0), 10).shape())
                .isEqualTo(Plateau.Shape.IRREGULAR);
        // growth only in the last round has no steady slope either
        assertThat(Plateau.classify(List.of(0.0, 0.0, 0.0, 200.0), 10).shape()).isEqualTo(Plateau.Shape.IRREGULAR);
    }

    @Test
    void needsABeforeAndAnAfter() {
        assertThatThrownBy(() -> Plateau.classify(List.of(1.0), 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
