package io.leakscan.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DownsamplerTest {

    @Test
    void shortSeriesAreKeptWhole() {
        double[] s = {1, 2, 3};
        assertThat(Downsampler.select(List.of(s), 3)).containsExactly(0, 1, 2);
        assertThat(Downsampler.select(List.of(s), 1000)).containsExactly(0, 1, 2);
        assertThat(Downsampler.select(List.of(new double[0]), 10)).isEmpty();
    }

    @Test
    void longSeriesStayWithinTheBudgetKeepEndsAndAscend() {
        Random random = new Random(42);
        for (int n : new int[] {1001, 1450, 5000, 100_000}) {
            double[] g = random.doubles(n, 0, 100).toArray();
            double[] h = random.doubles(n, 0, 1e7).toArray();
            for (int max : new int[] {2, 3, 7, 100, 1000}) {
                int[] keep = Downsampler.select(List.of(g, h), max);
                assertThat(keep.length).as("n=%d max=%d", n, max).isLessThanOrEqualTo(max).isGreaterThanOrEqualTo(2);
                assertThat(keep[0]).isZero();
                assertThat(keep[keep.length - 1]).isEqualTo(n - 1);
                for (int i = 1; i < keep.length; i++) {
                    assertThat(keep[i]).isGreaterThan(keep[i - 1]);
                }
            }
        }
    }

    @Test
    void everySeriesKeepsItsGlobalExtremes() {
        int n = 10_000;
        double[] goroutines = new double[n];
        double[] heap = new double[n];
        for (int i = 0; i < n; i++) {
            goroutines[i] = 10 + Math.sin(i / 50.0);
            heap[i] = 4e6 + i;
        }
        goroutines[4321] = 900; // a one-sample spike: exactly what a leak chart must not lose
        goroutines[777] = 0;
        heap[6000] = 1e9;
        int[] keep = Downsampler.select(List.of(goroutines, heap), 1000);
        assertThat(keep).contains(4321, 777, 6000);
    }

    @Test
    void gapsAreNeverChosenAsExtremesAndAllGapSeriesAreIgnored() {
        double[] s = new double[3000];
        Arrays.fill(s, Double.NaN);
        double[] values = new double[3000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 2 == 0 ? Double.NaN : i;
        }
        int[] keep = Downsampler.select(List.of(values, s), 100);
        assertThat(keep.length).isLessThanOrEqualTo(100);
        for (int i = 1; i < keep.length - 1; i++) {
            assertThat(Double.isNaN(values[keep[i]])).as("index %d", keep[i]).isFalse();
        }
        int[] onlyGaps = Downsampler.select(List.of(s), 50);
        assertThat(onlyGaps.length).isLessThanOrEqualTo(50).isGreaterThan(2);
    }

    @Test
    void isAPureFunction() {
        double[] s = new Random(7).doubles(5000).toArray();
        assertThat(Downsampler.select(List.of(s), 500)).containsExactly(Downsampler.select(List.of(s.clone()), 500));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Downsampler.select(List.of(new double[] {1, 2, 3}), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Downsampler.select(List.of(), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Downsampler.select(List.of(new double[3], new double[4]), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
    }
}
