package io.leakscan.telemetry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TickJitterTest {

    @Test
    void noTicksReadAsNoLateness() {
        TickJitter.Distribution d = new TickJitter().distribution();
        assertThat(d.percentileMs(0.99)).isZero();
        assertThat(d.maxMs()).isZero();
    }

    @Test
    void percentilesAreNearestRankOverTheTicks() {
        TickJitter jitter = new TickJitter();
        for (long late = 100; late >= 1; late--) {
            jitter.record(late);
        }
        TickJitter.Distribution d = jitter.distribution();
        assertThat(d.percentileMs(0.50)).isEqualTo(50.0);
        assertThat(d.percentileMs(0.99)).isEqualTo(99.0);
        assertThat(d.percentileMs(0)).isEqualTo(1.0);
        assertThat(d.maxMs()).isEqualTo(100.0);
    }

    @Test
    void anEarlyTickCountsAsOnTime() {
        TickJitter jitter = new TickJitter();
        jitter.record(-3);
        jitter.record(4);
        assertThat(jitter.distribution().sortedMicros()).containsExactly(0, 4000);
    }

    @Test
    void onlyTheMostRecentTicksAreKept() {
        TickJitter jitter = new TickJitter(4);
        jitter.record(500);
        for (int i = 0; i < 4; i++) {
            jitter.record(2);
        }
        assertThat(jitter.distribution().maxMs()).isEqualTo(2.0);
    }

    @Test
    void aPercentileOutsideZeroToOneIsRefused() {
        TickJitter.Distribution d = new TickJitter().distribution();
        assertThatThrownBy(() -> d.percentileMs(99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..1");
        assertThatThrownBy(() -> d.percentileMs(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
