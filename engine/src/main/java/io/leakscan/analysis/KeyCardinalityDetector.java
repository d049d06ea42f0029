package io.leakscan.analysis;

import io.leakscan.analysis.stats.Noise;
import io.leakscan.analysis.stats.Plateau;
import io.leakscan.telemetry.Signal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.leakscan.analysis.GoroutineDetector.round;

/** KEY_CARDINALITY_GROWTH: memory that grows per distinct client-controlled key while a repeated key stays flat. */
final class KeyCardinalityDetector {

    private KeyCardinalityDetector() {
    }

    /**
     * Memory per distinct client-controlled key against the same request with one repeated key. A bounded cache
     * keyed by the client plateaus; an unbounded map keeps its slope while the repeated key stays flat. Heap after
     * GC first; goroutines per key when the heap is not measured or shows nothing (a goroutine per client).
     */
    static List<Suspect> detect(ScanObservations obs, Timeline tl) {
        List<Suspect> out = new ArrayList<>();
        for (EndpointObservation ep : obs.endpoints()) {
            for (Signal signal : List.of(Signal.HEAP_AFTER_GC_BYTES, Signal.GOROUTINES)) {
                Optional<Suspect> s = keyCardinality(ep, tl, signal);
                if (s.isPresent()) {
                    out.add(s.get());
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Each key placement on its own (a header, a query parameter...): an app keyed by one of them grows under its
     * distinct rounds only, so pooling the placements would put the flat rounds of the others after the growing ones
     * and read a plateau. The strongest placement is reported; the others that grew too are named in its reasons.
     */
    private static Optional<Suspect> keyCardinality(EndpointObservation ep, Timeline tl, Signal signal) {
        if (!tl.has(signal)) {
            return Optional.empty();
        }
        Map<String, List<LoadRound>> distinctBySource = bySource(ep.rounds(RoundKind.DISTINCT_KEY));
        Map<String, List<LoadRound>> repeatedBySource = bySource(ep.rounds(RoundKind.REPEATED_KEY));
        List<Suspect> found = new ArrayList<>();
        distinctBySource.forEach((source, distinct) -> keyCardinality(ep, tl, signal, distinct,
                repeatedBySource.getOrDefault(source, List.of())).ifPresent(found::add));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        // Growth with paths no route serves explains a route's path keys growing too (one more distinct path each):
        // the middleware is the finding, whatever the confidences. Among equally confident placements the broadest
        // names it, in a fixed order: one map keyed by the client's address grows with X-Forwarded-For and with the
        // identity headers (Echo's RealIP reads X-Real-IP too) by the same bytes give or take noise, and choosing by
        // those bytes named X-Forwarded-For under one route and the identity headers under the other, two HANDLER
        // findings instead of the one MIDDLEWARE finding both routes show.
        found.sort(Comparator.comparing((Suspect s) -> !LoadRound.UNKNOWN_PATH.equals(s.keySource()))
                .thenComparing(Comparator.comparingDouble(Suspect::confidence).reversed())
                .thenComparingInt(s -> breadth(s.keySource()))
                .thenComparing(Comparator.comparingDouble(Suspect::perRequest).reversed()));
        Suspect best = found.getFirst();
        if (found.size() == 1) {
            return Optional.of(best);
        }
        List<String> reasons = new ArrayList<>(best.reasons());
        reasons.add("it grew with distinct keys in " + found.stream().skip(1).map(Suspect::keySource)
                .collect(Collectors.joining(", ")) + " too");
        return Optional.of(new Suspect(best.kind(), best.endpoint(), best.key(), best.pattern(), best.series(),
                best.figures(), best.stacks(), best.confidence(), reasons, best.perRequest(), best.lifetime(),
                best.keySource()));
    }

    /** How widely a placement applies, broadest first: headers every route reads, then one route's own keys. */
    static int breadth(String keySource) {
        if (keySource == null) {
            return 5;
        } else if (keySource.equals("header X-Forwarded-For")) {
            return 0;
        } else if (keySource.startsWith("identity headers")) {
            return 1;
        } else if (keySource.startsWith("header ")) {
            return 2;
        } else if (keySource.startsWith("query ")) {
            return 3;
        } else if (keySource.startsWith("path ")) {
            return 4;
        }
        return 5;
    }

    /** Key rounds by the key that varied or repeated, in the order the scan ran them. */
    private static Map<String, List<LoadRound>> bySource(List<LoadRound> rounds) {
        Map<String, List<LoadRound>> out = new LinkedHashMap<>();
        for (LoadRound r : rounds) {
            String source = r.keySource() == null || r.keySource().isBlank() ? "" : r.keySource();
            out.computeIfAbsent(source, k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private static Optional<Suspect> keyCardinality(EndpointObservation ep, Timeline tl, Signal signal,
                                                    List<LoadRound> distinct, List<LoadRound> repeated) {
        boolean heap = signal == Signal.HEAP_AFTER_GC_BYTES;
        Noise noise = tl.noise(signal);
        Optional<Retention> d = Retention.measure(tl, signal, distinct, noise,
                heap ? GoroutineHeap.descriptorExcuse(tl, distinct) : null);
        if (d.isEmpty() || d.get().plateau().shape() != Plateau.Shape.GROWING || d.get().perRequest() <= 0) {
            return Optional.empty();
        }
        double perKey = d.get().perRequest();
        if (heap && GoroutineHeap.heldByGoroutines(perKey, goroutinesLeftPerRequest(tl, distinct))) {
            // What the goroutines these rounds left behind hold themselves, as in GoroutineHeap.foldIntoGoroutineLeaks: an
            // endpoint leaking a goroutine per request, whatever the key, raised the heap under distinct keys too
            // (deep, admin-group-leaky at 50,000 goroutines, where a noisy repeated-key round read as flat). The
            // goroutine series then says whether the key matters.
            return Optional.empty();
        }
        Optional<Retention> rep = Retention.measure(tl, signal, repeated, noise,
                heap ? GoroutineHeap.descriptorExcuse(tl, repeated) : null);
        double perRepeated = rep.map(Retention::perRequest).orElse(Double.NaN);
        String what = heap ? "post-GC heap" : "live goroutines";
        String unit = heap ? "bytes" : "goroutines";
        List<String> reasons = new ArrayList<>();
        double c;
        if (rep.isPresent()) {
            if (perRepeated >= 0.25 * perKey) {
                return Optional.empty(); // it grows per request whatever the key: not about the key
            }
            c = 0.75;
            reasons.add(what + " grew by " + round(perKey) + " " + unit + " per distinct key in every round, while "
                    + "the same request with one repeated key retained " + round(perRepeated) + " " + unit
                    + "/request");
        } else {
            c = 0.55;
            reasons.add(what + " grew by " + round(perKey) + " " + unit + " per distinct key in every round "
                    + "(no repeated-key control was run)");
        }
        if (d.get().rounds() >= 3) {
            c += 0.1;
            reasons.add(d.get().rounds() + " rounds without a plateau: no eviction in sight");
        }
        if (d.get().fit().r2() >= 0.9) {
            c += 0.1;
            reasons.add("retained " + unit + " proportional to the number of keys (r\u00b2 = "
                    + round(d.get().fit().r2()) + ")");
        }
        String keySource = distinct.stream().map(LoadRound::keySource).filter(k -> k != null && !k.isBlank())
                .findFirst().orElse("client-controlled key");
        List<Figure> figures = new ArrayList<>(List.of(
                new Figure(heap ? "bytesPerDistinctKey" : "goroutinesPerDistinctKey", heap ? Math.round(perKey)
                        : round(perKey), unit + "/key"),
                new Figure("distinctKeys", d.get().totalRequests(), "keys"),
                new Figure("roundsGrew", d.get().plateau().grewRounds(), "rounds"),
                new Figure(heap ? "retainedBytes" : "retainedGoroutines", Math.round(d.get().totalGrowth()), unit),
                new Figure("r2", round(d.get().fit().r2()), "1")));
        if (rep.isPresent()) {
            figures.add(new Figure(heap ? "bytesPerRepeatedKeyRequest" : "goroutinesPerRepeatedKeyRequest",
                    heap ? Math.round(perRepeated) : round(perRepeated), unit + "/request"));
        }
        return Optional.of(new Suspect(FindingKind.KEY_CARDINALITY_GROWTH, ep.endpoint(), "KEY:" + keySource,
                Pattern.GENERIC, signal.name(), figures, List.of(), Math.min(c, 0.95), reasons, perKey, 0,
                keySource));
    }

    /** Goroutines retained per request across these rounds (0 when not measured or not growing). */
    private static double goroutinesLeftPerRequest(Timeline tl, List<LoadRound> rounds) {
        if (!tl.has(Signal.GOROUTINES)) {
            return 0;
        }
        return Retention.measure(tl, Signal.GOROUTINES, rounds, tl.noise(Signal.GOROUTINES), null)
                .filter(r -> r.plateau().shape() == Plateau.Shape.GROWING)
                .map(r -> Math.max(0, r.perRequest())).orElse(0.0);
    }
}
