package io.leakscan.probe;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeLimitsTest {

    @Test
    void eachLimitIsTheSmallerOfRequestedAndServerMaximum() {
        ProbeLimits server = new ProbeLimits(100, 10, 1_000, Duration.ofMinutes(5));
        ProbeLimits requested = new ProbeLimits(1_000, 4, 5_000, Duration.ofMinutes(1));

        assertThat(requested.within(server)).isEqualTo(new ProbeLimits(100, 4, 1_000, Duration.ofMinutes(1)));
        assertThat(server.within(requested)).isEqualTo(new ProbeLimits(100, 4, 1_000, Duration.ofMinutes(1)));
    }

    @Test
    void rejectsLimitsThatWouldMeanNoLimitOrNoTraffic() {
        assertThatThrownBy(() -> new ProbeLimits(0, 1, 1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeLimits(Double.POSITIVE_INFINITY, 1, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeLimits(Double.NaN, 1, 1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeLimits(1, 0, 1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeLimits(1, 1, 0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeLimits(1, 1, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeLimits(1, 1, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ProbeLimits(1, 1, 1, Duration.ofSeconds(1)).within(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void plansRejectEmptyOrUnboundedRounds() {
        assertThatThrownBy(() -> new LoadPlan(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadPlan(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadPlan(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AbortPlan(1, 1, 1, Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AbortPlan(1, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyPlan(1, 1, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ClientSettings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DistressPolicy(0, 1, Duration.ZERO, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DistressPolicy(0.5, 0, Duration.ZERO, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DistressPolicy(0.5, 1, Duration.ZERO, -1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
