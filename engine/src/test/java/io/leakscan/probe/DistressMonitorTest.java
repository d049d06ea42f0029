package io.leakscan.probe;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DistressMonitorTest {

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    DistressMonitor monitor = new DistressMonitor(new DistressPolicy(0.5, 4, Duration.ofSeconds(2), 2, Duration.ofSeconds(10)), clock);

    static RequestResult status(int code) {
        return new RequestResult.Response(code, 1_000_000, null);
    }

    void window(RequestResult... results) {
        for (RequestResult r : results) {
            monitor.record(r, clock.instant());
        }
    }

    @Test
    void healthyAnswersIncludingHandlerErrorsAreNotDistress() {
        window(status(200), status(500), status(404), status(500));
        window(status(500), status(500), status(500), status(200));
        assertThat(monitor.backoffs()).isZero();
        assertThat(monitor.rateFactor()).isEqualTo(1.0);
        assertThat(monitor.stop()).isNull();
    }

    @Test
    void aDistressedWindowHalvesTheRateAndPausesThenPersistentDistressStops() {
        window(status(503), status(503), status(200), status(200));
        assertThat(monitor.backoffs()).isEqualTo(1);
        assertThat(monitor.rateFactor()).isEqualTo(0.5);
        assertThat(monitor.pausedUntil()).isEqualTo(clock.instant().plusSeconds(2));

        clock.advance(Duration.ofSeconds(2));
        window(new RequestResult.Failed(ErrorCause.TIMEOUT, "t"), status(429), status(502), status(504));
        assertThat(monitor.backoffs()).isEqualTo(2);
        assertThat(monitor.rateFactor()).isEqualTo(0.25);

        clock.advance(Duration.ofSeconds(2));
        window(new RequestResult.Failed(ErrorCause.CONNECT_REFUSED, "r"), status(503), status(503), status(503));
        assertThat(monitor.stop()).isNotNull();
        assertThat(monitor.stop().reason()).isEqualTo(StopReason.TARGET_DISTRESS);
        assertThat(monitor.stop().message()).contains("4 of the last 4").contains("3x HTTP 503").contains("1x CONNECT_REFUSED")
                .contains("2 back-off(s)").contains("25%");
    }

    @Test
    void aHealthyWindowResetsTheStreakSoOnlyPersistentDistressStops() {
        window(status(503), status(503), status(503), status(503));
        clock.advance(Duration.ofSeconds(3));
        window(status(200), status(200), status(200), status(200));
        window(status(503), status(503), status(503), status(503));
        clock.advance(Duration.ofSeconds(3));
        window(status(200), status(200), status(200), status(200));
        window(status(503), status(503), status(503), status(503));
        assertThat(monitor.stop()).isNull();
        assertThat(monitor.backoffs()).isEqualTo(3);
    }

    @Test
    void outcomesOfRequestsSentBeforeTheBackOffAndAbortsAreIgnored() {
        Instant before = clock.instant();
        clock.advance(Duration.ofMillis(1));
        window(status(503), status(503), status(503), status(503));
        clock.advance(Duration.ofMillis(1));
        for (int i = 0; i < 40; i++) {
            monitor.record(status(503), before); // stragglers from before the back-off
            monitor.record(new RequestResult.Aborted(true), clock.instant());
        }
        assertThat(monitor.backoffs()).isEqualTo(1);
        assertThat(monitor.stop()).isNull();
    }

    @Test
    void retryAfterLengthensThePauseUpToTheCap() {
        monitor.record(new RequestResult.Response(503, 1, Duration.ofSeconds(5)), clock.instant());
        window(status(503), status(503), status(503));
        assertThat(monitor.pausedUntil()).isEqualTo(clock.instant().plusSeconds(5));

        clock.advance(Duration.ofSeconds(6));
        monitor.record(new RequestResult.Response(429, 1, Duration.ofHours(1)), clock.instant());
        window(status(503), status(503), status(503));
        assertThat(monitor.pausedUntil()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(ProbeExchanges.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(ProbeExchanges.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
        assertThat(ProbeExchanges.retryAfter("-3")).isNull();
    }
}
