package io.leakscan.probe;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aFullBucketLetsTheBurstGoThenSaysHowLongUntilTheNextToken() {
        TokenBucket bucket = new TokenBucket(clock, 100, 3);

        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isEqualTo(Duration.ofMillis(10));
        assertThat(bucket.tryTake()).isEqualTo(Duration.ofMillis(10)); // asking again takes nothing

        clock.advance(Duration.ofMillis(4));
        assertThat(bucket.tryTake()).isEqualTo(Duration.ofMillis(6));
        clock.advance(Duration.ofMillis(6));
        assertThat(bucket.tryTake()).isZero();
    }

    @Test
    void sendingAsSoonAsAllowedNeverPutsMoreThanRatePlusBurstInAnySecond() {
        TokenBucket bucket = new TokenBucket(clock, 50, 2);
        List<Instant> sends = new ArrayList<>();
        Instant end = clock.instant().plusSeconds(3);
        while (clock.instant().isBefore(end)) {
            Duration wait = bucket.tryTake();
            if (wait.isZero()) {
                sends.add(clock.instant());
            } else {
                clock.advance(wait);
            }
        }
        for (Instant from : sends) {
            long inWindow = sends.stream().filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(1))).count();
            assertThat(inWindow).isLessThanOrEqualTo(52);
        }
        assertThat(sends.size()).isBetween(150, 152); // and it does keep the rate: 2 + 50 per second
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() {
        TokenBucket bucket = new TokenBucket(clock, 10, 2);
        clock.advance(Duration.ofHours(1));
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void giveBackReturnsTheTokenAndSetRateTakesEffectAtOnce() {
        TokenBucket bucket = new TokenBucket(clock, 10, 1);
        assertThat(bucket.tryTake()).isZero();
        bucket.giveBack();
        assertThat(bucket.tryTake()).isZero();
        bucket.setRate(5);
        assertThat(bucket.rate()).isEqualTo(5);
        assertThat(bucket.tryTake()).isEqualTo(Duration.ofMillis(200));
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
