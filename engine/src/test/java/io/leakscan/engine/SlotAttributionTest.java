package io.leakscan.engine;

import io.leakscan.analysis.FindingKind;
import io.leakscan.engine.SlotAttribution.Slot;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pooled rounds laid out as the engine sends them (quick: six members, 0.6 s a slot, three rounds with a window
 * between), with readings at the sampler's cadence taken from a model of the target: a level, noise from requests in
 * flight, and what a leaking member adds during its own slots.
 */
class SlotAttributionTest {

    private static final Instant T0 = Instant.parse("2026-12-06T07:00:00Z");
    private static final int MEMBERS = 6;
    private static final Duration SLOT = Duration.ofMillis(600);
    private static final Duration WINDOW = Duration.ofMillis(1500);

    @Test
    void aPermanentGoroutineLeakIsNamedByItsOwnSlots() {
        List<Slot> slots = slots(3);
        List<Sample> samples = readings(slots, Signal.GOROUTINES, 200, 40, 4, grows(slots, 2, 150));

        assertThat(SlotAttribution.suspects(slots, samples, Set.of(Signal.GOROUTINES), MEMBERS)).contains(Set.of(2));
    }

    @Test
    void lingeringGoroutinesThatEndInTheWindowAreNamedToo() {
        List<Slot> slots = slots(3);
        // Member 4's goroutines live five seconds: up during its slot, gone before the next round starts.
        DoubleUnaryOperator lingering = t -> {
            double v = 0;
            for (Slot s : slots) {
                if (s.member() == 4) {
                    double start = seconds(s.start());
                    double end = seconds(s.end());
                    v += 150 * clamp((t - start) / (end - start)) - 150 * clamp((t - start - 2.0) / (end - start));
                }
            }
            return v;
        };
        List<Sample> samples = readings(slots, Signal.GOROUTINES, 200, 40, 4, lingering);

        assertThat(SlotAttribution.suspects(slots, samples, Set.of(Signal.GOROUTINES), MEMBERS)).contains(Set.of(4));
    }

    @Test
    void aHeapLeakReadEvery400msNamesItsMemberAndAtMostItsNeighbour() {
        List<Slot> slots = slots(3);
        // 10 KiB per request, 150 requests a slot: about 1.5 MiB per slot on a 6 MiB heap with 64 KiB of jitter.
        List<Sample> samples = readings(slots, Signal.HEAP_AFTER_GC_BYTES, 400, 6 << 20, 64 << 10,
                grows(slots, 1, 150 * 10 * 1024));

        Set<Integer> named = SlotAttribution.suspects(slots, samples, Set.of(Signal.HEAP_AFTER_GC_BYTES), MEMBERS)
                .orElseThrow();

        assertThat(named).contains(1).isSubsetOf(1, 2);
    }

    @Test
    void heapReadingsSparserThanTheSlotsStillNameTheLeakerAndNotItsWholeNeighbourhood() {
        // Under load a forced-GC read can take longer than a slot: here one every 900 ms against 0.6 s slots, five
        // rounds. A neighbour whose slot shares an interval with the leaker's gets a part of its rise, not all of it.
        List<Slot> slots = slots(5);
        List<Sample> samples = readings(slots, Signal.HEAP_AFTER_GC_BYTES, 900, 6 << 20, 64 << 10,
                grows(slots, 3, 150 * 10 * 1024));

        Set<Integer> named = SlotAttribution.suspects(slots, samples, Set.of(Signal.HEAP_AFTER_GC_BYTES), MEMBERS)
                .orElseThrow();

        assertThat(named).contains(3).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void twoLeaksOfTwoKindsKeepBothLeakers() {
        List<Slot> slots = slots(3);
        List<Sample> samples = new ArrayList<>(readings(slots, Signal.GOROUTINES, 200, 40, 4, grows(slots, 0, 150)));
        samples.addAll(readings(slots, Signal.HEAP_AFTER_GC_BYTES, 400, 6 << 20, 64 << 10,
                grows(slots, 3, 150 * 10 * 1024)));

        Set<Integer> named = SlotAttribution.suspects(slots, samples,
                Set.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES), MEMBERS).orElseThrow();

        assertThat(named).contains(0, 3).isSubsetOf(0, 1, 3, 4);
    }

    @Test
    void aReadingGapOverOneRoundNamesEveryoneInItButTheMedianOfThreeRoundsNamesTheLeaker() {
        List<Slot> slots = slots(3);
        // The target answered no goroutine read while round one ran (a loaded machine): its rise is shared evenly
        // by the slots the gap spans. GroupScreening therefore goes on to the next rounds instead of acting on one.
        List<Sample> samples = readings(slots, Signal.GOROUTINES, 200, 40, 4, grows(slots, 2, 150)).stream()
                .filter(s -> s.at().isBefore(slots.getFirst().start().minusMillis(100))
                        || s.at().isAfter(slots.get(MEMBERS - 1).end().plusMillis(100)))
                .toList();
        List<Slot> roundOne = slots.subList(0, MEMBERS);

        assertThat(SlotAttribution.suspects(roundOne, samples, Set.of(Signal.GOROUTINES), MEMBERS))
                .contains(Set.of(0, 1, 2, 3, 4, 5));
        assertThat(SlotAttribution.suspects(slots, samples, Set.of(Signal.GOROUTINES), MEMBERS)).contains(Set.of(2));
    }

    @Test
    void growthUnderEveryMemberNamesEveryMember() {
        List<Slot> slots = slots(3);
        DoubleUnaryOperator middleware = t -> {
            double v = 0;
            for (int m = 0; m < MEMBERS; m++) {
                v += grows(slots, m, 150).applyAsDouble(t);
            }
            return v;
        };
        List<Sample> samples = readings(slots, Signal.GOROUTINES, 200, 40, 4, middleware);

        assertThat(SlotAttribution.suspects(slots, samples, Set.of(Signal.GOROUTINES), MEMBERS))
                .contains(Set.of(0, 1, 2, 3, 4, 5));
    }

    @Test
    void aLeakTooSmallToSeePerSlotNamesNoOne() {
        List<Slot> slots = slots(3);
        // 1 KiB per request: 150 KiB a slot, under the heap's floor. The caller probes every member alone.
        List<Sample> samples = readings(slots, Signal.HEAP_AFTER_GC_BYTES, 400, 6 << 20, 64 << 10,
                grows(slots, 1, 150 * 1024));

        assertThat(SlotAttribution.suspects(slots, samples, Set.of(Signal.HEAP_AFTER_GC_BYTES), MEMBERS)).isEmpty();
    }

    @Test
    void noisyReadingsAloneNameNoOne() {
        List<Slot> slots = slots(3);
        List<Sample> samples = readings(slots, Signal.GOROUTINES, 200, 40, 8, t -> 0);

        assertThat(SlotAttribution.suspects(slots, samples, Set.of(Signal.GOROUTINES), MEMBERS)).isEmpty();
    }

    @Test
    void aSignalNotReadAroundEveryMembersSlotsCannotTell() {
        List<Slot> slots = slots(3);
        List<Sample> samples = readings(slots, Signal.GOROUTINES, 200, 40, 4, grows(slots, 2, 150)).stream()
                .filter(s -> s.at().isBefore(slots.get(4).start()))
                .toList();

        assertThat(SlotAttribution.suspects(slots, samples, Set.of(Signal.GOROUTINES), MEMBERS)).isEmpty();
    }

    @Test
    void oneNamedSignalDoesNotCoverASignalThatCannotTell() {
        List<Slot> slots = slots(3);
        List<Sample> samples = readings(slots, Signal.GOROUTINES, 200, 40, 4, grows(slots, 2, 150));

        assertThat(SlotAttribution.suspects(slots, samples, Set.of(Signal.GOROUTINES, Signal.OPEN_FDS), MEMBERS))
                .isEmpty();
    }

    @Test
    void eachFindingKindPointsAtTheSignalItRoseOn() {
        assertThat(SlotAttribution.signalsBehind(Set.of(FindingKind.LINGERING_GOROUTINES, FindingKind.FD_LEAK), false))
                .containsExactlyInAnyOrder(Signal.GOROUTINES, Signal.OPEN_FDS);
        assertThat(SlotAttribution.signalsBehind(Set.of(FindingKind.KEY_CARDINALITY_GROWTH), true))
                .containsExactlyInAnyOrder(Signal.HEAP_AFTER_GC_BYTES, Signal.GOROUTINES);
        assertThat(SlotAttribution.signalsBehind(Set.of(), false)).isEmpty();
        // A kind with no signal of its own in the slots (latency) makes the whole attribution unable to tell.
        assertThat(SlotAttribution.signalsBehind(Set.of(FindingKind.GOROUTINE_LEAK, FindingKind.LATENCY_DRIFT), false))
                .isEmpty();
    }

    /** {@code rounds} pooled rounds: each member's slot after the other, a window between rounds. */
    private static List<Slot> slots(int rounds) {
        List<Slot> out = new ArrayList<>();
        Instant t = T0.plusSeconds(2);
        for (int r = 0; r < rounds; r++) {
            for (int m = 0; m < MEMBERS; m++) {
                out.add(new Slot(m, t, t.plus(SLOT)));
                t = t.plus(SLOT);
            }
            t = t.plus(WINDOW);
        }
        return out;
    }

    /** What {@code member} leaves behind: {@code perSlot} spread evenly over each of its slots, kept forever. */
    private static DoubleUnaryOperator grows(List<Slot> slots, int member, double perSlot) {
        return t -> {
            double v = 0;
            for (Slot s : slots) {
                if (s.member() == member) {
                    double start = seconds(s.start());
                    v += perSlot * clamp((t - start) / (seconds(s.end()) - start));
                }
            }
            return v;
        };
    }

    /** Readings every {@code everyMillis} from the start to a second past the last slot, seeded noise included. */
    private static List<Sample> readings(List<Slot> slots, Signal signal, int everyMillis, double level, double noise,
                                         DoubleUnaryOperator leak) {
        Random random = new Random(42);
        List<Sample> out = new ArrayList<>();
        Instant end = slots.getLast().end().plusSeconds(1);
        for (Instant t = T0.plusMillis(37); t.isBefore(end); t = t.plusMillis(everyMillis)) {
            double v = level + leak.applyAsDouble(seconds(t)) + noise * (2 * random.nextDouble() - 1);
            out.add(new Sample(t, "load", null, Map.of(signal, Math.rint(v)), null));
        }
        return out;
    }

    private static double seconds(Instant t) {
        return Duration.between(T0, t).toNanos() / 1e9;
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
