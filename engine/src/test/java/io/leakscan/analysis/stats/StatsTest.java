package io.leakscan.analysis.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StatsTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void madIgnoresOneOutlier() {
        // one GC-less reading of 10 MB among ~1 MB readings does not move the spread
        List<Double> heap = List.of(1_000_000.0, 1_002_000.0, 998_000.0, 1_001_000.0, 10_000_000.0, 999_000.0);
        assertThat(Stats.mad(heap)).isLessThan(3_000);
    }

    @Test
    void emptyInputsAreRejected() {
        assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.leastSquares(new double[] {1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.theilSen(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.leastSquares(new double[] {2, 2}, new double[] {1, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.theilSen(new double[] {2, 2}, new double[] {1, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leastSquaresRecoversAnExactLine() {
        Fit fit = Stats.leastSquares(new double[] {0, 100, 200, 300}, new double[] {10, 110, 210, 310});
        assertThat(fit.slope()).isCloseTo(1.0, within(1e-9));
        assertThat(fit.intercept()).isCloseTo(10.0, within(1e-9));
        assertThat(fit.r2()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aFlatSeriesIsPerfectlyExplainedByAFlatLine() {
        Fit fit = Stats.leastSquares(new double[] {0, 1, 2}, new double[] {5, 5, 5});
        assertThat(fit.slope()).isZero();
        assertThat(fit.r2()).isEqualTo(1.0);
    }

    @Test
    void theilSenResistsAnOutlierThatTiltsLeastSquares() {
        double[] x = {0, 150, 300, 450, 600};
        double[] y = {100, 250, 400, 2000, 700}; // one round's reading caught mid-burst
        assertThat(Stats.theilSen(x, y).slope()).isCloseTo(1.0, within(0.01));
        assertThat(Stats.leastSquares(x, y).slope()).isGreaterThan(1.5);
    }

    @Test
    void theilSenGivesAnIntervalAroundItsSlope() {
        Fit exact = Stats.theilSen(new double[] {0, 100, 200, 300}, new double[] {5, 105, 205, 305});
        assertThat(exact.slopeLow()).isCloseTo(1.0, within(1e-9));
        assertThat(exact.slopeHigh()).isCloseTo(1.0, within(1e-9));
        // 3 rounds of a noisy leak: the interval spans the pairwise slopes and contains the estimate
        Fit noisy = Stats.theilSen(new double[] {0, 150, 300, 450}, new double[] {0, 140, 310, 450});
        assertThat(noisy.slopeLow()).isLessThanOrEqualTo(noisy.slope());
        assertThat(noisy.slopeHigh()).isGreaterThanOrEqualTo(noisy.slope());
        assertThat(noisy.slopeLow()).isCloseTo(140.0 / 150, within(1e-9));
        assertThat(noisy.slopeHigh()).isCloseTo(170.0 / 150, within(1e-9));
        // with many points the interval narrows inside the extremes
        double[] x = new double[30];
        double[] y = new double[30];
        Random rnd = new Random(3);
        for (int i = 0; i < 30; i++) {
            x[i] = i;
            y[i] = 2 * i + rnd.nextGaussian();
        }
        Fit many = Stats.theilSen(x, y);
        assertThat(many.slopeLow()).isBetween(1.8, 2.0);
        assertThat(many.slopeHigh()).isBetween(2.0, 2.2);
    }

    @Test
    void differenceSigmaMeasuresJitterNotDrift() {
        // the brief's middleware during a baseline: goroutines ramp up with the sampler's own requests
        List<Double> ramp = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ramp.add(10.0 + 2 * i);
        }
        assertThat(Stats.differenceSigma(ramp)).isZero();
        assertThat(Stats.MAD_TO_SIGMA * Stats.mad(ramp)).isGreaterThan(10);

        Random rnd = new Random(7);
        List<Double> noise = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            noise.add(100 + 5 * rnd.nextGaussian());
        }
        assertThat(Stats.differenceSigma(noise)).isCloseTo(5.0, within(1.0));
        assertThat(Stats.differenceSigma(List.of(1.0, 2.0))).isZero();
    }
}
