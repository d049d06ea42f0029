package io.leakscan.analysis;

import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The heap as the GC itself reports it, one entry per GC cycle, from samples that never forced a collection: the
 * GC count splits the samples into cycles. Within a cycle HeapAlloc only climbs (allocation) until the next GC, so its
 * lowest reading is the live heap the cycle started with plus what was allocated before that reading: an upper
 * bound of the live heap that garbage inflates but a leak can never lower.
 */
final class GcCycles {

    /**
     * One GC cycle as the samples saw it.
     *
     * @param start    the first sample that carried this cycle's GC count
     * @param gcCount  the GC count of the cycle
     * @param readings the samples of the cycle, in time order
     */
    record Cycle(Instant start, double gcCount, List<Sample> readings) {

        /** The lowest HeapAlloc read in this cycle up to {@code until}, or empty when none. */
        OptionalDouble floor(Instant until) {
            return readings.stream().filter(s -> !s.at().isAfter(until)).map(s -> s.value(Signal.HEAP_ALLOC_BYTES))
                    .filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).min();
        }

        /** The live heap the GC marked in the cycle before this one (runtime/metrics), or empty when not exported. */
        OptionalDouble live() {
            return first(Signal.HEAP_LIVE_BYTES);
        }

        OptionalDouble first(Signal s) {
            return readings.stream().map(x -> x.value(s)).filter(OptionalDouble::isPresent).findFirst()
                    .orElse(OptionalDouble.empty());
        }
    }

    private GcCycles() {
    }

    /** The cycles the samples span, in order. A GC count going backwards (a restart) starts a cycle like any change. */
    static List<Cycle> of(List<Sample> samples) {
        List<Cycle> out = new ArrayList<>();
        List<Sample> current = new ArrayList<>();
        double count = Double.NaN;
        for (Sample s : samples) {
            OptionalDouble gc = s.value(Signal.GC_COUNT);
            if (gc.isEmpty()) {
                continue;
            }
            if (gc.getAsDouble() != count && !current.isEmpty()) {
                out.add(new Cycle(current.getFirst().at(), count, List.copyOf(current)));
                current = new ArrayList<>();
            }
            count = gc.getAsDouble();
            current.add(s);
        }
        if (!current.isEmpty()) {
            out.add(new Cycle(current.getFirst().at(), count, List.copyOf(current)));
        }
        return out;
    }

    /** Whether the samples can be split into GC cycles with a heap level for each: a GC count and a heap figure. */
    static boolean readable(Timeline tl) {
        return tl.has(Signal.GC_COUNT) && (tl.has(Signal.HEAP_ALLOC_BYTES) || tl.has(Signal.HEAP_LIVE_BYTES));
    }
}
