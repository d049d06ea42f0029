package io.leakscan.engine;

import io.leakscan.analysis.TelemetryAvailability;
import io.leakscan.telemetry.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

/**
 * The windows the scan watches the target through: after a round until it is back at rest, before an endpoint until
 * the count has stopped moving, and the baseline until it holds. Reads the live samples, asks the
 * {@link SettlePolicy} and waits through {@link Waits}.
 */
final class SettleWindows {

    /**
     * The least a window without the goroutine rule (a key round, judged on the post-GC heap alone) stays open, even
     * with a shorter gap. Nothing else holds it: it closes on its first two post-GC readings, and with quick's 400 ms
     * cadence and a half-second gap, under a starved sampler both could still carry the round's wake (path-label-leaky
     * with quick at a load of 10-13: a distinct-key round read 3 to 6 MiB above the next, and its middleware's key
     * growth was missed in 2 of 4 runs; in none of 4 with a second).
     */
    static final Duration HEAP_ONLY_MIN = Duration.ofSeconds(1);
    /** The longest the baseline is extended while the goroutine count still climbs. */
    static final Duration BASELINE_EXTENSION = Duration.ofSeconds(8);

    private final LiveSamples live;
    private final Waits waits;
    private final TelemetryAvailability availability;
    /** True once the probe session has ended for good (cancelled, or out of time): no window is worth waiting. */
    private final BooleanSupplier sessionOver;
    private SettlePolicy policy = SettlePolicy.UNMEASURED;

    SettleWindows(LiveSamples live, Waits waits, TelemetryAvailability availability, BooleanSupplier sessionOver) {
        this.live = live;
        this.waits = waits;
        this.availability = availability;
        this.sessionOver = sessionOver;
    }

    /** From now on the windows judge the goroutine count against the noise the baseline measured. */
    void measuredNoise(double goroutineThreshold) {
        policy = new SettlePolicy(goroutineThreshold);
    }

    /**
     * Watches the target after a round until the window may close: at least {@code min} (without the goroutine
     * rule, at least {@link #HEAP_ONLY_MIN}) and, when the target
     * offers a post-GC heap, two such readings (the analyzer settles the heap level from them); for load rounds
     * also until the goroutine count is back within the noise (or a tenth of the peak, as the analyzer judges it)
     * of the level before the round. Never longer than {@code max}: a permanent leak stays up, and a lingering one
     * longer than that is judged as one that does not come back. Returns when the window closed.
     */
    Instant awaitWindow(Instant roundEnd, OptionalDouble reference, boolean goroutineRule, Duration min,
                        Duration max) {
        return watch(roundEnd, reference, goroutineRule, min, max).end();
    }

    /**
     * A watched window: when it closed, and since when the goroutine count had been back at rest in it. The two differ
     * when the window waited for its post-GC heap readings after the count was back (once a second with memory and
     * deep, so one to two seconds and a reading's latency). {@code atRest} is {@code end} when the count was not
     * judged or never came back.
     */
    record Window(Instant end, Instant atRest) {
    }

    /** {@link #awaitWindow}, telling also when the goroutine count was back for good (the last time it came back). */
    Window watch(Instant roundEnd, OptionalDouble reference, boolean goroutineRule, Duration min, Duration max) {
        Instant softEnd = roundEnd.plus(goroutineRule || min.compareTo(HEAP_ONLY_MIN) >= 0 ? min : HEAP_ONLY_MIN);
        boolean heap = availability.offers(Signal.HEAP_AFTER_GC_BYTES);
        boolean goroutines = goroutineRule && availability.offers(Signal.GOROUTINES) && reference.isPresent();
        Instant[] backSince = {null};
        Instant end = waits.pollUntil(roundEnd.plus(max), now -> {
            if (sessionOver.getAsBoolean()) {
                return true;
            }
            boolean back = !goroutines
                    || policy.backTo(reference.getAsDouble(), live.values(Signal.GOROUTINES, roundEnd, now));
            backSince[0] = !back ? null : backSince[0] == null ? now : backSince[0];
            return back && !now.isBefore(softEnd)
                    && (!heap || SettlePolicy.heapSettled(live.values(Signal.HEAP_AFTER_GC_BYTES, roundEnd, now)));
        });
        return new Window(end, goroutines && backSince[0] != null ? backSince[0] : end);
    }

    /**
     * After one member's requests in a pooled round, before the next member's: waits until the goroutine count is back
     * at {@code reference} ({@link SettlePolicy#wakeOver}), at most {@code max}, and returns when the member's own wake
     * was last watched. Returns {@code slotEnd} at once when the goroutine count is not read.
     */
    Instant awaitWake(Instant slotEnd, OptionalDouble reference, Duration max) {
        if (!availability.offers(Signal.GOROUTINES) || reference.isEmpty()) {
            return slotEnd;
        }
        return waits.pollUntil(slotEnd.plus(max), now -> sessionOver.getAsBoolean()
                || policy.wakeOver(reference.getAsDouble(), live.values(Signal.GOROUTINES, slotEnd, now)));
    }

    /**
     * Before an endpoint: waits until the goroutine count has stopped moving (what the previous endpoint left
     * lingering has ended) so its reference level is not still falling, at most {@code max}.
     */
    void quiesce(Duration max) {
        if (!availability.offers(Signal.GOROUTINES)) {
            return;
        }
        waits.pollUntil(waits.now().plus(max), now -> sessionOver.getAsBoolean()
                || policy.quiet(live.values(Signal.GOROUTINES, now.minusSeconds(1), now)));
    }

    /**
     * Extends the baseline until the goroutine count has stopped climbing, at most {@link #BASELINE_EXTENSION}.
     * The scanner's own telemetry requests pass through the target's middleware: with the brief's middleware each
     * leaves a goroutine alive for 5 s, so the count climbs for the first 5 s of sampling and only then holds (the
     * sampling traffic is constant). A reference read on the climb would make every endpoint look as if it grew.
     * False when cancelled.
     */
    boolean awaitSteadyBaseline() {
        if (availability.offers(Signal.GOROUTINES)) {
            waits.pollUntil(waits.now().plus(BASELINE_EXTENSION), now -> SettlePolicy.steady(
                    live.values(Signal.GOROUTINES, now.minusSeconds(1), now),
                    live.values(Signal.GOROUTINES, now.minusSeconds(2), now.minusSeconds(1))));
        }
        return !waits.cancelled();
    }
}
