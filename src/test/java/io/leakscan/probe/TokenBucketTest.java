package io.leakscan.probe;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aFullBucketLetsTheBurstGoThenPacesAtTheRate() {
        TokenBucket bucket = new TokenBucket(clock, 100, 3);

        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(10));
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(20)); // reservations queue up behind each other

        clock.advance(Duration.ofMillis(20));
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void sendingAsSoonAsAllowedForASecondNeverExceedsRatePlusBurst() {
        TokenBucket bucket = new TokenBucket(clock, 50, 2);
        Instant start = clock.instant();
        int sent = 0;
        while (true) {
            Duration wait = bucket.reserve();
            clock.advance(wait);
            if (!clock.instant().isBefore(start.plusSeconds(1))) {
                break;
            }
            sent++;
        }
        assertThat(sent).isBetween(50, 52); // 2 at once, then one every 20 ms: 51
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() {
        TokenBucket bucket = new TokenBucket(clock, 10, 2);
        clock.advance(Duration.ofHours(1));
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void unreserveGivesTheTokenBackAndSetRateTakesEffectForTheNextReservation() {
        TokenBucket bucket = new TokenBucket(clock, 10, 1);
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));
        bucket.unreserve();
        bucket.setRate(5);
        assertThat(bucket.rate()).isEqualTo(5);
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theBurstIsAFewHundredthsOfASecondsWorthAndAtLeastOne() {
        assertThat(TokenBucket.burstFor(1)).isEqualTo(1);
        assertThat(TokenBucket.burstFor(40)).isEqualTo(2);
        assertThat(TokenBucket.burstFor(500)).isEqualTo(25);
        assertThat(new TokenBucket(clock, 400).burst()).isEqualTo(20);
    }

    @Test
    void rejectsNonPositiveRatesAndBursts() {
        assertThatThrownBy(() -> new TokenBucket(clock, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(clock, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(clock, 10, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(clock, 10, 1).setRate(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
