package io.leakscan.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    static final WebhookProperties.Retry DEFAULTS = new WebhookProperties.Retry(8, Duration.ofMinutes(1), 3.5,
            Duration.ofHours(10), 0.2);

    @Test
    void theDefaultsMakeEightAttemptsOverAboutADay() {
        Backoff backoff = new Backoff(DEFAULTS, new Random(1));
        Duration total = IntStream.rangeClosed(1, 7).mapToObj(backoff::nominal).reduce(Duration.ZERO, Duration::plus);
        assertThat(backoff.nominal(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.nominal(2)).isEqualTo(Duration.ofSeconds(210));
        assertThat(backoff.nominal(7)).isEqualTo(Duration.ofHours(10)); // capped
        assertThat(total).isBetween(Duration.ofHours(20), Duration.ofHours(26));
        assertThat(backoff.next(7)).isPresent();
        assertThat(backoff.next(8)).as("the 8th attempt was the last").isEmpty();
    }

    @Test
    void jitterStaysWithinItsBandAndSpreadsRetries() {
        Backoff backoff = new Backoff(DEFAULTS, new Random(42));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long ms = backoff.next(3).orElseThrow().toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        long nominal = backoff.nominal(3).toMillis();
        assertThat(min).isGreaterThanOrEqualTo((long) (nominal * 0.8));
        assertThat(max).isLessThanOrEqualTo((long) Math.ceil(nominal * 1.2));
        assertThat(max - min).as("spread").isGreaterThan(nominal / 4);
    }

    @Test
    void badSchedulesAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new WebhookProperties.Retry(0, Duration.ofSeconds(1), 2, Duration.ofHours(1), 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookProperties.Retry(3, Duration.ofSeconds(1), 0.5, Duration.ofHours(1), 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookProperties.Retry(3, Duration.ofSeconds(1), 2, Duration.ofHours(1), 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
