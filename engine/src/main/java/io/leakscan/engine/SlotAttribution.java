package io.leakscan.engine;

import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.stats.Stats;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Which members of a pooled screening round put its growth there. A pooled round sends each member's requests in a
 * slot of its own, one member after the other, while the sampler keeps reading (the goroutine count and open fds five
 * times a second, the post-GC heap every 400 ms with quick and every second otherwise). A member that leaks raises the
 * signal during its own slots, round after round; the others leave it where they found it.
 * <p>
 * The attribution only decides what is probed again alone: the suspects are, and the rest are screened again together.
 * So a wrong attribution costs time, never a verdict: a leaker counted among the rest makes their second screen show
 * growth, and each of them is then probed alone, as every member was before attribution existed.
 */
final class SlotAttribution {

    /** One member's requests within a pooled round: {@code member} is its index in the group. */
    record Slot(int member, Instant start, Instant end) {
    }

    /**
     * Below these a member's typical increment per slot names no one: a handful of goroutines or fds is what requests in
     * flight leave when a reading falls inside a slot, and a quarter MiB is the post-GC heap's jitter between readings.
     */
    static final Map<Signal, Double> FLOORS = Map.of(Signal.GOROUTINES, 10.0, Signal.OPEN_FDS, 5.0,
            Signal.HEAP_AFTER_GC_BYTES, 256.0 * 1024);
    /** A member is named beside the largest only when its typical increment is at least this share of it. */
    static final double SHARE = 0.5;
    /** ... and this many robust standard deviations of all slots' increments: neighbours' noise names no one. */
    static final double NOISE_MULTIPLE = 5.0;

    private SlotAttribution() {
    }

    /**
     * The signals whose rise stands behind findings of {@code kinds}: goroutines for goroutine leaks (and for a window
     * held open by goroutines still up), the post-GC heap for heap and key growth, open fds for fd leaks. A kind
     * judged on another signal (a heap read without forcing a GC) maps to one the slots may not have: then nothing
     * is named.
     */
    static Set<Signal> signalsBehind(Set<FindingKind> kinds, boolean heldOpen) {
        Set<Signal> out = EnumSet.noneOf(Signal.class);
        if (heldOpen) {
            out.add(Signal.GOROUTINES);
        }
        for (FindingKind kind : kinds) {
            switch (kind) {
                case GOROUTINE_LEAK, LINGERING_GOROUTINES, ABORT_IGNORED -> out.add(Signal.GOROUTINES);
                case HEAP_GROWTH, KEY_CARDINALITY_GROWTH -> out.add(Signal.HEAP_AFTER_GC_BYTES);
                case FD_LEAK -> out.add(Signal.OPEN_FDS);
                default -> {
                    return Set.of();
                }
            }
        }
        return out;
    }

    /**
     * The members whose slots raised every one of {@code signals}, or empty when the readings cannot tell (a signal
     * not read around every member's slots, or no slot's rise above the noise and the floor). Each signal must name
     * someone; the suspects are the union of what they name, so a group that leaks in two ways keeps both leakers.
     */
    static Optional<Set<Integer>> suspects(List<Slot> slots, List<Sample> samples, Set<Signal> signals, int members) {
        if (signals.isEmpty() || members < 2) {
            return Optional.empty();
        }
        Set<Integer> out = new TreeSet<>();
        for (Signal signal : signals) {
            Optional<Set<Integer>> named = suspects(slots, points(samples, signal), members, FLOORS.getOrDefault(signal,
                    0.0));
            if (named.isEmpty()) {
                return Optional.empty();
            }
            out.addAll(named.get());
        }
        return Optional.of(out);
    }

    private static Optional<Set<Integer>> suspects(List<Slot> slots, List<Point> points, int members, double floor) {
        Map<Integer, List<Double>> increments = new HashMap<>();
        for (Slot slot : slots) {
            Double before = at(points, slot.start());
            Double after = at(points, slot.end());
            if (before != null && after != null) {
                increments.computeIfAbsent(slot.member(), m -> new ArrayList<>()).add(after - before);
            }
        }
        if (increments.size() < members) {
            return Optional.empty();
        }
        double[] typical = new double[members];
        for (int m = 0; m < members; m++) {
            typical[m] = Stats.median(increments.get(m));
        }
        // The noise is read from the quieter half of the members: a leaker's neighbours carry a share of its rise
        // when the readings are sparse, and would make the spread of all slots look like noise.
        List<Double> quiet = new ArrayList<>();
        IntStream.range(0, members).boxed()
                .sorted((a, b) -> Double.compare(typical[a], typical[b])).limit(Math.max(1, members / 2))
                .forEach(m -> quiet.addAll(increments.get(m)));
        double centre = Stats.median(quiet);
        double noise = 1.4826 * Stats.median(quiet.stream().map(v -> Math.abs(v - centre)).toList());
        double threshold = Math.max(floor, NOISE_MULTIPLE * noise);
        double top = Arrays.stream(typical).max().orElse(0);
        if (top < threshold) {
            return Optional.empty();
        }
        Set<Integer> named = new TreeSet<>();
        for (int m = 0; m < members; m++) {
            if (typical[m] >= Math.max(threshold, SHARE * top)) {
                named.add(m);
            }
        }
        return Optional.of(named);
    }

    private record Point(Instant at, double value) {
    }

    private static List<Point> points(List<Sample> samples, Signal signal) {
        List<Point> out = new ArrayList<>();
        for (Sample s : samples) {
            s.value(signal).ifPresent(v -> out.add(new Point(s.at(), v)));
        }
        out.sort((a, b) -> a.at().compareTo(b.at()));
        return out;
    }

    /**
     * The signal at {@code t}, read between the readings on either side of it (null without one on each side). A rise
     * between two readings is shared among the slots that interval spans by how much of it each covers: with
     * readings sparser than the slots (the post-GC heap under load), a neighbour gets its share of a leaker's rise,
     * not all of it.
     */
    private static Double at(List<Point> points, Instant t) {
        Point before = null;
        for (Point p : points) {
            if (!p.at().isBefore(t)) {
                if (before == null) {
                    return p.at().equals(t) ? p.value() : null;
                }
                double span = p.at().toEpochMilli() - before.at().toEpochMilli();
                double into = t.toEpochMilli() - before.at().toEpochMilli();
                return span <= 0 ? p.value() : before.value() + (p.value() - before.value()) * into / span;
            }
            before = p;
        }
        return null;
    }
}
