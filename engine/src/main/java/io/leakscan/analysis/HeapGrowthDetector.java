package io.leakscan.analysis;

import io.leakscan.analysis.stats.Noise;
import io.leakscan.analysis.stats.Plateau;
import io.leakscan.telemetry.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import static io.leakscan.analysis.GoroutineDetector.round;

/**
 * HEAP_GROWTH: the post-GC heap after each load or abort round must grow in every round (a plateau is warm-up, a
 * bounded cache or a {@code sync.Pool}); heap explained by goroutine descriptors is not counted.
 */
final class HeapGrowthDetector {

    private HeapGrowthDetector() {
    }

    static List<Suspect> detect(ScanObservations obs, Timeline tl) {
        if (!tl.has(Signal.HEAP_AFTER_GC_BYTES)) {
            return List.of();
        }
        Noise noise = tl.noise(Signal.HEAP_AFTER_GC_BYTES);
        List<Suspect> out = new ArrayList<>();
        for (EndpointObservation ep : obs.endpoints()) {
            for (RoundKind kind : List.of(RoundKind.LOAD, RoundKind.ABORT)) {
                List<LoadRound> rounds = ep.rounds(kind);
                IntToDoubleFunction excuse = GoroutineHeap.descriptorExcuse(tl, rounds);
                Retention.measure(tl, Signal.HEAP_AFTER_GC_BYTES, rounds, noise, excuse)
                        .filter(r -> r.plateau().shape() == Plateau.Shape.GROWING && r.perRequest() > 0)
                        .ifPresent(r -> out.add(heapSuspect(ep, r, excuse.applyAsDouble(rounds.size()), kind)));
            }
            ep.inputRounds().forEach((input, rounds) -> {
                IntToDoubleFunction excuse = GoroutineHeap.descriptorExcuse(tl, rounds);
                Retention.measure(tl, Signal.HEAP_AFTER_GC_BYTES, rounds, noise, excuse)
                        .filter(r -> r.plateau().shape() == Plateau.Shape.GROWING && r.perRequest() > 0)
                        .ifPresent(r -> out.add(ErrorPaths.of(heapSuspect(ep, r, excuse.applyAsDouble(rounds.size()),
                                RoundKind.ERROR_INPUT), rounds)));
            });
        }
        return out;
    }

    private static Suspect heapSuspect(EndpointObservation ep, Retention r, double excused, RoundKind kind) {
        List<String> reasons = new ArrayList<>();
        reasons.add("post-GC heap grew in every round (" + r.rounds() + "/" + r.rounds() + "): no plateau");
        double c = 0.5;
        if (r.rounds() >= 3) {
            c += 0.1;
            reasons.add(r.rounds() + " rounds, so not warm-up nor a bounded cache filling up");
        }
        if (r.fit().r2() >= 0.9) {
            c += 0.15;
            reasons.add("retained heap proportional to requests (r\u00b2 = " + round(r.fit().r2()) + ")");
        }
        if (r.perRequest() >= 1024) {
            c += 0.1;
            reasons.add("at least 1 KiB retained per request, far above allocator noise");
        }
        if (excused > 0) {
            reasons.add(round(excused / 1024) + " KiB explained by goroutine descriptors was not counted");
        }
        r.unreadNote().ifPresent(reasons::add);
        List<Figure> figures = List.of(
                new Figure("bytesPerRequest", Math.round(r.perRequest()), "bytes/request"),
                new Figure("bytesPerRequestLow", Math.round(r.fit().slopeLow()), "bytes/request"),
                new Figure("bytesPerRequestHigh", Math.round(r.fit().slopeHigh()), "bytes/request"),
                new Figure("roundsGrew", r.plateau().grewRounds(), "rounds"),
                new Figure("rounds", r.rounds(), "rounds"),
                new Figure("retainedBytes", Math.round(r.totalGrowth()), "bytes"),
                new Figure(kind == RoundKind.ABORT ? "abortedRequests" : "requests", r.totalRequests(), "requests"),
                new Figure("r2", round(r.fit().r2()), "1"),
                new Figure("excusedDescriptorBytes", Math.round(excused), "bytes"),
                new Figure("noiseThreshold", Math.round(r.noise().threshold()), "bytes"));
        return new Suspect(FindingKind.HEAP_GROWTH, ep.endpoint(), "HEAP", Pattern.GENERIC,
                Signal.HEAP_AFTER_GC_BYTES.name(), figures, List.of(), Math.min(c, 0.95), reasons, r.perRequest(), 0,
                null);
    }
}
