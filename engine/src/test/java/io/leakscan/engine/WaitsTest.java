package io.leakscan.engine;

import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scan's waits on a clock the test moves: no test here sleeps, and each runs in milliseconds. */
class WaitsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final CancellationToken cancel = new CancellationToken();
    private final List<Duration> pauses = new ArrayList<>();
    private final Waits waits = new Waits(clock, cancel, d -> {
        pauses.add(d);
        clock.advance(d);
    });

    @Test
    void sleepUntilEndsExactlyAtTheDeadlineInPollSizedSteps() {
        assertThat(waits.sleepUntil(T0.plusMillis(110))).isTrue();

        assertThat(clock.instant()).isEqualTo(T0.plusMillis(110));
        // four full polls, then only what is left
        assertThat(pauses).containsExactly(Waits.POLL, Waits.POLL, Waits.POLL, Waits.POLL, Duration.ofMillis(10));
    }

    @Test
    void sleepUntilAPassedInstantDoesNotPause() {
        assertThat(waits.sleepUntil(T0.minusSeconds(1))).isTrue();
        assertThat(pauses).isEmpty();
    }

    @Test
    void aCancelEndsASleepAtTheNextPoll() {
        Waits cancelling = new Waits(clock, cancel, d -> {
            clock.advance(d);
            if (!clock.instant().isBefore(T0.plusSeconds(1))) {
                cancel.cancel("test");
            }
        });

        assertThat(cancelling.sleepUntil(T0.plusSeconds(60))).isFalse();
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void pollUntilReturnsTheFirstInstantTheConditionHolds() {
        Instant end = waits.pollUntil(T0.plusSeconds(10), now -> !now.isBefore(T0.plusMillis(300)));

        assertThat(end).isEqualTo(T0.plusMillis(300));
    }

    @Test
    void pollUntilGivesUpAtTheDeadline() {
        Instant end = waits.pollUntil(T0.plusSeconds(2), now -> false);

        assertThat(end).isEqualTo(T0.plusSeconds(2));
        assertThat(pauses).hasSize(80).containsOnly(Waits.POLL);
    }

    @Test
    void pollUntilReturnsAtOnceWhenCancelled() {
        cancel.cancel("test");
        Instant end = waits.pollUntil(T0.plusSeconds(2), now -> false);

        assertThat(end).isEqualTo(T0);
        assertThat(pauses).isEmpty();
    }

    @Test
    void awaitFutureReturnsTheValueOrNullForATelemetryFailure() {
        assertThat(waits.awaitFuture(CompletableFuture.completedFuture("dump"))).isEqualTo("dump");
        assertThat(waits.<String>awaitFuture(CompletableFuture.failedFuture(new IllegalStateException("503"))))
                .isNull();
    }

    @Test
    void awaitFutureRethrowsWhatCanOnlyBeAnEngineBug() {
        assertThatThrownBy(() -> waits.awaitFuture(CompletableFuture.failedFuture(new NullPointerException("bug"))))
                .isInstanceOf(NullPointerException.class).hasMessage("bug");
    }

    @Test
    void awaitFutureGivesUpAfterTheStepLimitOnTheInjectedClock() {
        // every reading of this clock is a minute later: the limit passes on the third
        Clock leaping = new Clock() {
            private Instant now = T0;

            @Override
            public synchronized Instant instant() {
                now = now.plus(Duration.ofMinutes(1));
                return now;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        CompletableFuture<String> never = new CompletableFuture<>();

        assertThat(new Waits(leaping, cancel, d -> { }).awaitFuture(never)).isNull();
        assertThat(never).isCancelled();
    }

    @Test
    void awaitFutureReturnsNullAndCancelsTheStepWhenTheScanIsCancelled() {
        CompletableFuture<String> never = new CompletableFuture<>();
        cancel.cancel("test");

        assertThat(waits.awaitFuture(never)).isNull();
        assertThat(never).isCancelled();
    }
}
