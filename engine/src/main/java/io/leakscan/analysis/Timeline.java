package io.leakscan.analysis;

import io.leakscan.analysis.stats.Noise;
import io.leakscan.analysis.stats.Point;
import io.leakscan.analysis.stats.Stats;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The scan's samples as per-signal series on one clock (seconds since the baseline began). */
final class Timeline {

    /** The smallest change that counts, per signal, whatever the measured noise: a quiet baseline has sigma 0. */
    private static final Map<Signal, Double> FLOORS = Map.of(
            Signal.GOROUTINES, 2.0,
            Signal.HEAP_AFTER_GC_BYTES, 64.0 * 1024,
            Signal.OPEN_FDS, 2.0);

    private final Instant origin;
    private final List<Sample> samples;
    private final List<Sample> baseline;

    Timeline(ScanObservations obs) {
        this.origin = obs.baselineStart();
        // A reading that is not a finite number is a gap (a parser that gave up), never a value.
        this.samples = obs.samples().stream().map(Timeline::finite).toList();
        this.baseline = samples.stream()
                .filter(x -> !x.at().isBefore(obs.baselineStart()) && !x.at().isAfter(obs.baselineEnd())).toList();
    }

    private static Sample finite(Sample s) {
        if (s.values().values().stream().allMatch(Double::isFinite)) {
            return s;
        }
        Map<Signal, Double> v = new EnumMap<>(Signal.class);
        s.values().forEach((k, x) -> {
            if (Double.isFinite(x)) {
                v.put(k, x);
            }
        });
        return new Sample(s.at(), s.phase(), s.endpoint(), v, s.restartMarker());
    }

    double sec(Instant t) {
        return Duration.between(origin, t).toNanos() / 1e9;
    }

    boolean has(Signal s) {
        return samples.stream().anyMatch(x -> x.values().containsKey(s));
    }

    List<Point> points(Signal s, Instant from, Instant to) {
        List<Point> out = new ArrayList<>();
        for (Sample x : samples) {
            if (!x.at().isBefore(from) && !x.at().isAfter(to)) {
                x.value(s).ifPresent(v -> out.add(new Point(sec(x.at()), v)));
            }
        }
        return out;
    }

    /**
     * The noise of a signal. From the baseline, widened by the noise within the settle windows when given: the
     * scanner's own connections move the heap more under load than at rest.
     */
    Noise noise(Signal s) {
        List<Double> values = baseline.stream().map(x -> x.value(s)).filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble).toList();
        double floor = FLOORS.getOrDefault(s, 0.0);
        if (s == Signal.HEAP_AFTER_GC_BYTES && !values.isEmpty()) {
            // 2% of a big heap is noise in its own right (allocator and GC pacing), whatever sigma says.
            floor = Math.max(floor, 0.02 * Stats.median(values));
        }
        return Noise.measure(values, floor);
    }

    /**
     * The level just before {@code t}, from the last three readings before it (see {@link #level}); for the heap
     * after GC the last two. Rounds often run back to back, with two heap readings in a settle window (memory's key
     * rounds), so the third reading back belongs to the window before: under a growing heap the lowest of three was
     * the level of the round before the last, and a repeated-key round that came next read as growing by a whole
     * round's leak (path-label-leaky, memory: the control cancelled two of three key findings).
     */
    OptionalDouble levelBefore(Signal s, Instant t) {
        List<Double> before = new ArrayList<>();
        for (Sample x : samples) {
            if (x.at().isBefore(t)) {
                x.value(s).ifPresent(before::add);
            }
        }
        if (before.isEmpty()) {
            return OptionalDouble.empty();
        }
        int last = s == Signal.HEAP_AFTER_GC_BYTES ? 2 : 3;
        return OptionalDouble.of(level(s, before.subList(Math.max(0, before.size() - last), before.size())));
    }

    /** The settled level of a window, from its last three readings (see {@link #level}). */
    OptionalDouble settled(Signal s, Instant from, Instant to) {
        List<Point> p = points(s, from, to);
        if (p.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(level(s, p.subList(Math.max(0, p.size() - 3), p.size()).stream()
                .map(Point::v).toList()));
    }

    /**
     * The level of a few readings in a row: their median, except for the heap after GC, where it is the lowest. A
     * post-GC reading can only overstate what is retained: {@code sync.Pool}'s victim cache outlives exactly one GC,
     * so the first forced GC after a round still counts the pooled buffers of the round's connections (about 680 KiB
     * after 50 SSE clients of the lab's sse-broker apps, gone at the next GC), and the median of two readings kept
     * half of it. Windows of two and of three readings then disagreed by more than a round's leak.
     */
    private static double level(Signal s, List<Double> lastReadings) {
        return s == Signal.HEAP_AFTER_GC_BYTES
                ? lastReadings.stream().mapToDouble(Double::doubleValue).min().orElseThrow()
                : Stats.median(lastReadings);
    }

    /** The highest reading of a signal from the start of the scan up to {@code t}. */
    double runningPeak(Signal s, Instant t) {
        return samples.stream().filter(x -> !x.at().isAfter(t)).map(x -> x.value(s))
                .filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).max().orElse(0);
    }

    /** The typical time between readings, in seconds (1 when unknown). */
    double sampleInterval() {
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            gaps.add(sec(samples.get(i).at()) - sec(samples.get(i - 1).at()));
        }
        return gaps.isEmpty() ? 1.0 : Stats.median(gaps);
    }

    List<Sample> samples() {
        return samples;
    }
}
