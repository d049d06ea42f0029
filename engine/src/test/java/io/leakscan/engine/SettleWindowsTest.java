package io.leakscan.engine;

import io.leakscan.analysis.TelemetryAvailability;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.MutableClock;
import io.leakscan.probe.ScanProfile;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settle windows on a fake clock: each pause moves the clock and delivers the target's next reading from a script
 * (one reading every 100 ms), as the sampler would.
 */
class SettleWindowsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration GAP = Duration.ofSeconds(1);
    private static final Duration SETTLE = Duration.ofSeconds(6);

    private final MutableClock clock = new MutableClock(T0);
    private final CancellationToken cancel = new CancellationToken();
    private final LiveSamples live = new LiveSamples(ScanListener.NONE);

    /** Windows over a target whose goroutine count at {@code ms} after T0 is {@code goroutines(ms)}. */
    private SettleWindows windows(Set<Signal> offered, LongFunction<Double> goroutines, boolean[] sessionOver) {
        return windows(offered, goroutines, sessionOver, ms -> true);
    }

    /** As above, with a post-GC heap reading (when offered) only in the readings at the times {@code heapAt} takes. */
    private SettleWindows windows(Set<Signal> offered, LongFunction<Double> goroutines, boolean[] sessionOver,
                                  LongPredicate heapAt) {
        long[] nextReading = {0};
        Waits waits = new Waits(clock, cancel, d -> {
            clock.advance(d);
            long ms = Duration.between(T0, clock.instant()).toMillis();
            while (nextReading[0] <= ms) {
                Map<Signal, Double> values = new EnumMap<>(Signal.class);
                values.put(Signal.GOROUTINES, goroutines.apply(nextReading[0]));
                if (offered.contains(Signal.HEAP_AFTER_GC_BYTES) && heapAt.test(nextReading[0])) {
                    values.put(Signal.HEAP_AFTER_GC_BYTES, 1e6);
                }
                live.accept(List.of(new Sample(T0.plusMillis(nextReading[0]), "settle", null, values, null)));
                nextReading[0] += 100;
            }
        });
        TelemetryAvailability availability = new TelemetryAvailability(offered, true, false, List.of());
        return new SettleWindows(live, waits, availability, () -> sessionOver[0]);
    }

    @Test
    void aCleanRoundClosesItsWindowAtTheGapOnceTheCountIsBack() {
        // the round ended at T0 with 40 goroutines over the reference of 10; they end within 300 ms
        SettleWindows w = windows(Set.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES),
                ms -> ms < 300 ? 50.0 : 10.0, new boolean[1]);

        Instant end = w.awaitWindow(T0, OptionalDouble.of(10), true, GAP, SETTLE);

        assertThat(end).isEqualTo(T0.plus(GAP));
    }

    @Test
    void aWindowThatWaitsForLateHeapReadingsWasAtRestWhenTheCountCameBack() {
        // memory and deep read the post-GC heap once a second; this round's two readings came at 1.1 s and 2.1 s,
        // while its goroutines had ended within 300 ms (deep on the shop service with 18,000 goroutines parked)
        SettleWindows w = windows(Set.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES), ms -> ms < 300 ? 50.0 : 10.0,
                new boolean[1], ms -> ms % 1_000 == 100 && ms > 1_000);

        SettleWindows.Window window = w.watch(T0, OptionalDouble.of(10), true, GAP, SETTLE);

        assertThat(Duration.between(T0, window.end())).isBetween(Duration.ofMillis(2_100), Duration.ofMillis(2_200));
        assertThat(Duration.between(T0, window.atRest())).isBetween(Duration.ofMillis(300), Duration.ofMillis(600));
        assertThat(GroupScreening.heldOpen(T0, window.atRest(), ScanProfile.DEEP))
                .as("a group is not set aside for a window only its heap readings held").isFalse();
    }

    @Test
    void aWindowHeldByLingeringGoroutinesIsAtRestOnlyWhenTheyHaveEnded() {
        // the count came back for a moment at 1 s and rose again: at rest is the last time it came back
        SettleWindows w = windows(Set.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES),
                ms -> ms < 300 || (ms >= 1_000 && ms < 3_000) ? 50.0 : 10.0, new boolean[1]);

        SettleWindows.Window window = w.watch(T0, OptionalDouble.of(10), true, GAP, SETTLE);

        assertThat(Duration.between(T0, window.atRest())).isBetween(Duration.ofMillis(3_000), Duration.ofMillis(3_300));
        assertThat(window.end()).isEqualTo(window.atRest());
        assertThat(GroupScreening.heldOpen(T0, window.atRest(), ScanProfile.DEEP)).isTrue();
    }

    @Test
    void aWindowThatNeverCameBackOrDidNotJudgeTheCountIsAtRestAtItsEnd() {
        SettleWindows permanent = windows(Set.of(Signal.GOROUTINES), ms -> 30.0, new boolean[1]);
        SettleWindows.Window up = permanent.watch(T0, OptionalDouble.of(10), true, GAP, SETTLE);
        assertThat(up.end()).isEqualTo(T0.plus(SETTLE));
        assertThat(up.atRest()).isEqualTo(up.end());

        Instant next = clock.instant();
        SettleWindows.Window heapOnly = windows(Set.of(Signal.HEAP_AFTER_GC_BYTES), ms -> 30.0, new boolean[1])
                .watch(next, OptionalDouble.of(10), true, GAP, SETTLE);
        assertThat(heapOnly.atRest()).isEqualTo(heapOnly.end());
    }

    @Test
    void lingeringGoroutinesHoldTheWindowUntilTheyHaveEnded() {
        // the brief's middleware: goroutines that live 5 s after the round
        SettleWindows w = windows(Set.of(Signal.GOROUTINES), ms -> ms < 5_000 ? 760.0 : 10.0, new boolean[1]);

        Instant end = w.awaitWindow(T0, OptionalDouble.of(10), true, GAP, SETTLE);

        // three readings back at the reference are needed after the 5 s
        assertThat(Duration.between(T0, end)).isBetween(Duration.ofMillis(5_000), Duration.ofMillis(5_300));
    }

    @Test
    void aPermanentLeakKeepsTheWindowOpenToTheSettle() {
        SettleWindows w = windows(Set.of(Signal.GOROUTINES), ms -> 30.0, new boolean[1]);

        assertThat(w.awaitWindow(T0, OptionalDouble.of(10), true, GAP, SETTLE)).isEqualTo(T0.plus(SETTLE));
    }

    @Test
    void withoutTheGoroutineRuleOnlyTheGapAndTwoHeapReadingsCount() {
        SettleWindows w = windows(Set.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES), ms -> 30.0, new boolean[1]);

        assertThat(w.awaitWindow(T0, OptionalDouble.empty(), false, GAP, SETTLE)).isEqualTo(T0.plus(GAP));
    }

    @Test
    void aShortGapClosesALoadRoundsWindowSoonerButAKeyRoundsStillWaitsASecond() {
        Duration quickGap = Duration.ofMillis(500);
        SettleWindows w = windows(Set.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES), ms -> 10.0, new boolean[1]);

        assertThat(w.awaitWindow(T0, OptionalDouble.of(10), true, quickGap, SETTLE)).isEqualTo(T0.plus(quickGap));
        Instant next = clock.instant();
        assertThat(w.awaitWindow(next, OptionalDouble.empty(), false, quickGap, SETTLE))
                .isEqualTo(next.plus(SettleWindows.HEAP_ONLY_MIN));
    }

    @Test
    void theNoiseMeasuredInTheBaselineWidensWhatCountsAsBack() {
        SettleWindows w = windows(Set.of(Signal.GOROUTINES), ms -> 15.0, new boolean[1]);
        w.measuredNoise(6);

        assertThat(w.awaitWindow(T0, OptionalDouble.of(10), true, GAP, SETTLE)).isEqualTo(T0.plus(GAP));
    }

    @Test
    void anEndedSessionClosesTheWindowAtOnce() {
        SettleWindows w = windows(Set.of(Signal.GOROUTINES), ms -> 30.0, new boolean[] {true});

        assertThat(w.awaitWindow(T0, OptionalDouble.of(10), true, GAP, SETTLE)).isEqualTo(T0);
    }

    @Test
    void aPooledMembersWakeEndsWithTwoReadingsBack() {
        // requests in flight end within 150 ms of the slot's end
        SettleWindows w = windows(Set.of(Signal.GOROUTINES), ms -> ms < 150 ? 34.0 : 10.0, new boolean[1]);

        Instant wake = w.awaitWake(T0, OptionalDouble.of(10), GroupScreening.WAKE_MAX);

        assertThat(Duration.between(T0, wake)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void aPooledMembersWakeIsBoundedWhenItsGoroutinesLinger() {
        // one goroutine per request, for 5 s: the wake ends at its bound with the count still up
        SettleWindows w = windows(Set.of(Signal.GOROUTINES), ms -> ms < 5_000 ? 410.0 : 10.0, new boolean[1]);

        Instant wake = w.awaitWake(T0, OptionalDouble.of(10), GroupScreening.WAKE_MAX);

        assertThat(wake).isEqualTo(T0.plus(GroupScreening.WAKE_MAX));
    }

    @Test
    void aWakeIsNotWatchedWithoutAGoroutineCountOrAReference() {
        SettleWindows heapOnly = windows(Set.of(Signal.HEAP_AFTER_GC_BYTES), ms -> 10.0, new boolean[1]);
        assertThat(heapOnly.awaitWake(T0, OptionalDouble.of(10), GroupScreening.WAKE_MAX)).isEqualTo(T0);
        SettleWindows unread = windows(Set.of(Signal.GOROUTINES), ms -> 10.0, new boolean[1]);
        assertThat(unread.awaitWake(T0, OptionalDouble.empty(), GroupScreening.WAKE_MAX)).isEqualTo(T0);
    }

    @Test
    void quiesceWaitsForTheCountToStopFalling() {
        // falling by 10 every 100 ms until 2 s, then flat
        SettleWindows w = windows(Set.of(Signal.GOROUTINES), ms -> (double) Math.max(10, 210 - ms / 10), new boolean[1]);

        w.quiesce(SETTLE);

        assertThat(Duration.between(T0, clock.instant())).isBetween(Duration.ofSeconds(2), Duration.ofMillis(3_100));
    }

    @Test
    void quiesceIsBoundedAndSkippedWithoutAGoroutineCount() {
        SettleWindows falling = windows(Set.of(Signal.GOROUTINES), ms -> 1000.0 - ms, new boolean[1]);
        falling.quiesce(SETTLE);
        assertThat(clock.instant()).isEqualTo(T0.plus(SETTLE));

        Instant before = clock.instant();
        windows(Set.of(Signal.HEAP_AFTER_GC_BYTES), ms -> 1000.0 - ms, new boolean[1]).quiesce(SETTLE);
        assertThat(clock.instant()).isEqualTo(before);
    }

    @Test
    void theBaselineIsExtendedWhileTheCountClimbsAndNoLonger() {
        // the scanner's own telemetry requests through a middleware that keeps a goroutine for 5 s: a 5 s climb
        SettleWindows w = windows(Set.of(Signal.GOROUTINES), ms -> (double) 10 + Math.min(ms, 5_000) / 50,
                new boolean[1]);

        assertThat(w.awaitSteadyBaseline()).isTrue();

        assertThat(Duration.between(T0, clock.instant())).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(7));
    }

    @Test
    void theBaselineExtensionIsBoundedAndACancelEndsIt() {
        SettleWindows w = windows(Set.of(Signal.GOROUTINES), ms -> (double) ms, new boolean[1]);
        assertThat(w.awaitSteadyBaseline()).isTrue();
        assertThat(clock.instant()).isEqualTo(T0.plus(SettleWindows.BASELINE_EXTENSION));

        cancel.cancel("test");
        assertThat(w.awaitSteadyBaseline()).isFalse();
    }
}
