package io.leakscan.report;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The scan's telemetry over time in a compact columnar form for charts: one offsets column and one column per signal,
 * aligned by index. A signal the target never offered has an empty column; a gap in an offered signal is a null.
 *
 * @param origin           the first sample's instant; offsets count from it (null when there are no samples)
 * @param offsetsMs        milliseconds after origin, ascending
 * @param goroutines       live goroutines
 * @param heapAfterGcBytes heap in live objects after a forced GC
 * @param openFds          open file descriptors
 * @param phases           the phases, in order, over the full (not downsampled) samples
 * @param sourceSamples    how many samples the scan took before downsampling
 */
public record TimeSeries(Instant origin, List<Long> offsetsMs, List<Double> goroutines, List<Double> heapAfterGcBytes,
                         List<Double> openFds, List<PhaseBand> phases, int sourceSamples) {

    /** Enough points for a chart as wide as a screen; the JSON stays small. */
    public static final int DEFAULT_MAX_POINTS = 1000;

    public TimeSeries {
        offsetsMs = List.copyOf(offsetsMs);
        goroutines = nullableCopy(goroutines);
        heapAfterGcBytes = nullableCopy(heapAfterGcBytes);
        openFds = nullableCopy(openFds);
        phases = List.copyOf(phases);
        int n = offsetsMs.size();
        for (List<Double> column : List.of(goroutines, heapAfterGcBytes, openFds)) {
            if (!column.isEmpty() && column.size() != n) {
                throw new IllegalArgumentException("a column has " + column.size() + " values for " + n + " offsets");
            }
        }
        for (int i = 1; i < n; i++) {
            if (offsetsMs.get(i) < offsetsMs.get(i - 1)) {
                throw new IllegalArgumentException("offsets must ascend");
            }
        }
        if ((origin == null) != (n == 0)) {
            throw new IllegalArgumentException("origin is required exactly when there are points");
        }
        if (sourceSamples < n) {
            throw new IllegalArgumentException("sourceSamples " + sourceSamples + " is less than the " + n + " points");
        }
    }

    public static TimeSeries empty() {
        return new TimeSeries(null, List.of(), List.of(), List.of(), List.of(), List.of(), 0);
    }

    /** Not named isEmpty: Jackson would publish that as a property. */
    public boolean hasPoints() {
        return !offsetsMs.isEmpty();
    }

    public static TimeSeries fromSamples(List<Sample> samples) {
        return fromSamples(samples, DEFAULT_MAX_POINTS);
    }

    /** Columns from samples (sorted by time), phase bands from the full samples, then downsampled. */
    public static TimeSeries fromSamples(List<Sample> samples, int maxPoints) {
        if (samples.isEmpty()) {
            return empty();
        }
        List<Sample> sorted = samples.stream().sorted(Comparator.comparing(Sample::at)).toList();
        Instant origin = sorted.getFirst().at();
        int n = sorted.size();
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = Duration.between(origin, sorted.get(i).at()).toMillis();
        }
        double[] g = column(sorted, Signal.GOROUTINES);
        double[] h = column(sorted, Signal.HEAP_AFTER_GC_BYTES);
        double[] f = column(sorted, Signal.OPEN_FDS);
        int[] keep = Downsampler.select(List.of(g, h, f), maxPoints);
        List<Long> keptOffsets = new ArrayList<>(keep.length);
        for (int i : keep) {
            keptOffsets.add(offsets[i]);
        }
        return new TimeSeries(origin, keptOffsets, pick(g, keep), pick(h, keep), pick(f, keep),
                phases(sorted, offsets), n);
    }

    private static List<PhaseBand> phases(List<Sample> sorted, long[] offsets) {
        List<PhaseBand> bands = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            boolean boundary = i == sorted.size()
                    || !Objects.equals(sorted.get(i).phase(), sorted.get(start).phase())
                    || !Objects.equals(sorted.get(i).endpoint(), sorted.get(start).endpoint());
            if (boundary) {
                String phase = sorted.get(start).phase();
                EndpointRef endpoint = sorted.get(start).endpoint();
                long to = i == sorted.size() ? offsets[i - 1] : offsets[i];
                if (phase != null) {
                    bands.add(new PhaseBand(phase, endpoint, offsets[start], to));
                }
                start = i;
            }
        }
        return bands;
    }

    private static double[] column(List<Sample> samples, Signal signal) {
        double[] c = new double[samples.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = samples.get(i).value(signal).orElse(Double.NaN);
        }
        return c;
    }

    /** The kept values, or an empty column when the signal never appeared. */
    private static List<Double> pick(double[] column, int[] keep) {
        boolean any = false;
        for (double v : column) {
            any |= !Double.isNaN(v);
        }
        if (!any) {
            return List.of();
        }
        List<Double> out = new ArrayList<>(keep.length);
        for (int i : keep) {
            out.add(Double.isNaN(column[i]) ? null : column[i]);
        }
        return out;
    }

    private static List<Double> nullableCopy(List<Double> in) {
        return in == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(in));
    }
}
