package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.RestartEvent;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;

/**
 * Builds synthetic observations for edge cases the lab cannot produce on demand (outliers, restarts, lifetimes
 * longer than the settle window). Time is in seconds from the start of the baseline; one reading every 0.25 s.
 */
final class SyntheticScan {

    static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    static final double EVERY = 0.25;

    private final List<Sample> samples = new ArrayList<>();
    private final Map<EndpointRef, List<LoadRound>> rounds = new LinkedHashMap<>();
    private final List<RestartEvent> restarts = new ArrayList<>();
    private double baselineEnd = 5;
    private Set<Signal> offered = Set.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES, Signal.OPEN_FDS);
    private List<String> exposed = List.of();

    static Instant at(double s) {
        return T0.plusNanos(Math.round(s * 1e9));
    }

    /** Readings from {@code from} to {@code to} seconds, each signal's value a function of the time. */
    SyntheticScan readings(double from, double to, Map<Signal, DoubleFunction<Double>> values, String marker) {
        for (double t = from; t < to - 1e-9; t += EVERY) {
            Map<Signal, Double> v = new EnumMap<>(Signal.class);
            for (var e : values.entrySet()) {
                Double x = e.getValue().apply(t);
                if (x != null) {
                    v.put(e.getKey(), x);
                }
            }
            samples.add(new Sample(at(t), t < baselineEnd ? "baseline" : "load", null, v, marker));
        }
        return this;
    }

    SyntheticScan readings(double from, double to, Map<Signal, DoubleFunction<Double>> values) {
        return readings(from, to, values, "pid-1");
    }

    SyntheticScan baselineEnd(double s) {
        this.baselineEnd = s;
        return this;
    }

    SyntheticScan round(String endpoint, RoundKind kind, double start, double end, double settleEnd, long completed,
                        long aborted, LatencyPercentiles latency, String keySource) {
        int sp = endpoint.indexOf(' ');
        rounds.computeIfAbsent(new EndpointRef(endpoint.substring(0, sp), endpoint.substring(sp + 1)),
                k -> new ArrayList<>()).add(new LoadRound(kind, at(start), at(end), at(settleEnd), completed, aborted,
                aborted, 0, latency, keySource));
        return this;
    }

    SyntheticScan load(String endpoint, double start, double settleEnd, long requests) {
        return round(endpoint, RoundKind.LOAD, start, start + 0.2, settleEnd, requests, 0, null, null);
    }

    /**
     * One member's slot of a pooled screening round, {@code start} to {@code end}, whose own wake was watched until
     * {@code decayEnd} before the next member's slot; the pool's window closed at {@code settleEnd}.
     */
    SyntheticScan pooled(String endpoint, double start, double end, double decayEnd, double settleEnd,
                         long requests) {
        int sp = endpoint.indexOf(' ');
        rounds.computeIfAbsent(new EndpointRef(endpoint.substring(0, sp), endpoint.substring(sp + 1)),
                k -> new ArrayList<>()).add(new LoadRound(RoundKind.LOAD, at(start), at(end), at(settleEnd),
                requests, 0, 0, 0, null, null, null, 0, at(decayEnd)));
        return this;
    }

    /** A key round (distinct or repeated) whose load lasts 0.4 s. */
    SyntheticScan keyRound(String endpoint, RoundKind kind, double start, double settleEnd, long requests,
                           String keySource) {
        return round(endpoint, kind, start, start + 0.4, settleEnd, requests, 0, null, keySource);
    }

    /** A round of one wrong input ({@code input}, answered {@code status}) whose load lasts 0.2 s. */
    SyntheticScan input(String endpoint, double start, double settleEnd, long requests, String input, int status) {
        int sp = endpoint.indexOf(' ');
        rounds.computeIfAbsent(new EndpointRef(endpoint.substring(0, sp), endpoint.substring(sp + 1)),
                k -> new ArrayList<>()).add(new LoadRound(RoundKind.ERROR_INPUT, at(start), at(start + 0.2),
                at(settleEnd), requests, 0, 0, 0, null, null, input, status));
        return this;
    }

    SyntheticScan restart(double s, String reason) {
        restarts.add(new RestartEvent(at(s), reason));
        return this;
    }

    SyntheticScan offered(Set<Signal> s) {
        this.offered = s;
        return this;
    }

    SyntheticScan exposed(List<String> paths) {
        this.exposed = paths;
        return this;
    }

    ScanObservations build() {
        List<EndpointObservation> eps = rounds.entrySet().stream()
                .map(e -> new EndpointObservation(e.getKey(), e.getValue(), null)).toList();
        return new ScanObservations(samples, T0, at(baselineEnd), List.of(), null, eps,
                new TelemetryAvailability(offered, false, false, exposed), restarts);
    }
}
