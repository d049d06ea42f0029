package io.leakscan.engine;

import io.leakscan.telemetry.RestartEvent;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.SampleSink;
import io.leakscan.telemetry.Signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sampler's sink for one scan: keeps every reading for the analysis and for the engine's live decisions (when a
 * settle window may close), and hands them to the listener in batches for persistence.
 */
final class LiveSamples implements SampleSink {

    private static final int LISTENER_BATCH = 25;

    private final ScanListener listener;
    private final List<Sample> all = new ArrayList<>();
    private final List<Sample> pending = new ArrayList<>();
    private final List<RestartEvent> restarts = new ArrayList<>();

    LiveSamples(ScanListener listener) {
        this.listener = listener;
    }

    @Override
    public void accept(List<Sample> batch) {
        List<Sample> out = null;
        synchronized (this) {
            all.addAll(batch);
            pending.addAll(batch);
            if (pending.size() >= LISTENER_BATCH) {
                out = drain();
            }
        }
        if (out != null) {
            listener.samples(out);
        }
    }

    @Override
    public synchronized void restart(RestartEvent event) {
        restarts.add(event);
    }

    /** Hands what is pending to the listener (at phase ends and when the scan is over). */
    void flush() {
        List<Sample> out;
        synchronized (this) {
            out = drain();
        }
        if (!out.isEmpty()) {
            listener.samples(out);
        }
    }

    private List<Sample> drain() {
        List<Sample> out = new ArrayList<>(pending);
        pending.clear();
        out.sort(Comparator.comparing(Sample::at));
        return out;
    }

    /** Every reading so far, in time order. */
    synchronized List<Sample> all() {
        List<Sample> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparing(Sample::at));
        return copy;
    }

    synchronized List<RestartEvent> restarts() {
        return List.copyOf(restarts);
    }

    /** The values of {@code signal} read in {@code (from, to]}, in time order. */
    List<Double> values(Signal signal, Instant from, Instant to) {
        List<Double> out = new ArrayList<>();
        for (Sample s : all()) {
            if (s.at().isAfter(from) && !s.at().isAfter(to)) {
                s.value(signal).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The values of {@code signal} read before {@code t}, in time order. */
    List<Double> valuesBefore(Signal signal, Instant t) {
        List<Double> out = new ArrayList<>();
        for (Sample s : all()) {
            if (s.at().isBefore(t)) {
                s.value(signal).ifPresent(out::add);
            }
        }
        return out;
    }
}
