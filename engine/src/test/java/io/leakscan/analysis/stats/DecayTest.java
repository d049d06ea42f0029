package io.leakscan.analysis.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Synthetic edge cases; the recorded series are classified in RecordedDecayTest. */
class DecayTest {

    private static List<Point> series(double start, double step, double... values) {
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            p.add(new Point(start + i * step, values[i]));
        }
        return p;
    }

    @Test
    void backAtOnceIsClean() {
        Decay d = Decay.classify(series(10.2, 0.5, 6, 6, 7, 6), 6, 2, 10.0, 12.0, 1.0);
        assertThat(d.kind()).isEqualTo(Decay.Kind.CLEAN);
    }

    @Test
    void backWithinTheGraceIsClean() {
        // connection goroutines closing a few hundred ms after the last response
        Decay d = Decay.classify(series(10.1, 0.3, 200, 40, 6, 6, 6), 6, 2, 10.0, 12.0, 1.0);
        assertThat(d.kind()).isEqualTo(Decay.Kind.CLEAN);
        assertThat(d.peakExcess()).isEqualTo(194);
    }

    @Test
    void backAfterSecondsIsLingeringWithTheMeasuredLifetime() {
        Decay d = Decay.classify(series(10.5, 1.0, 156, 156, 156, 156, 6, 6, 6), 6, 2, 10.0, 17.0, 1.0);
        assertThat(d.kind()).isEqualTo(Decay.Kind.LINGERING);
        assertThat(d.lifetimeSeconds()).isCloseTo(4.0, within(1e-9)); // between 13.5 and 14.5, from 10.0
        assertThat(d.settledExcess()).isZero();
    }

    @Test
    void neverBackIsPermanent() {
        Decay d = Decay.classify(series(10.5, 1.0, 106, 106, 106), 6, 2, 10.0, 13.0, 1.0);
        assertThat(d.kind()).isEqualTo(Decay.Kind.PERMANENT);
        assertThat(d.lifetimeSeconds()).isEqualTo(3.0);
        assertThat(d.settledExcess()).isEqualTo(100);
    }

    @Test
    void aLateSpikeMeansItIsNotBackYet() {
        // dipped to the reference once, then up again: the return counts only when it stays
        Decay d = Decay.classify(series(10.5, 1.0, 50, 6, 50, 6, 6), 6, 2, 10.0, 15.0, 1.0);
        assertThat(d.kind()).isEqualTo(Decay.Kind.LINGERING);
        assertThat(d.lifetimeSeconds()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void aSmallResidueOfABigPeakStillCountsAsBack() {
        // reference 30 taken while warming up; the lingering 150 come and go, the level settles at 37
        Decay d = Decay.classify(series(5.5, 0.6, 185, 185, 185, 185, 185, 185, 185, 37, 37, 37), 30, 2, 5.2, 11.5,
                1.0);
        assertThat(d.kind()).isEqualTo(Decay.Kind.LINGERING);
        assertThat(d.lifetimeSeconds()).isCloseTo(4.2, within(0.4));
    }

    @Test
    void noReadingsIsUnknown() {
        assertThat(Decay.classify(List.of(), 6, 2, 10, 12, 1).kind()).isEqualTo(Decay.Kind.UNKNOWN);
    }
}
