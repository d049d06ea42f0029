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
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;

import static io.leakscan.analysis.GoroutineDetector.round;

/**
 * Heap, file descriptors and key cardinality: levels after each round that must grow in every round (a plateau is
 * warm-up, a bounded cache or a {@code sync.Pool}).
 */
final class MemoryDetectors {

    /**
     * Heap bytes a goroutine leaves behind for good once it has existed: Go keeps every {@code g} descriptor (and
     * its bookkeeping) on a free list and never returns it, so a new all-time peak of goroutines raises the
     * post-GC heap even after they all ended. Measured on Go 1.26 (recorded scenario goroutine-burst: about
     * 0.5 KiB per goroutine of new peak); the allowance is twice that on purpose, so a burst never reads as a leak.
     */
    static final double G_DESCRIPTOR_BYTES = 1024;

    /**
     * Heap a leaked goroutine holds by itself beyond its descriptor (already excused by {@link #G_DESCRIPTOR_BYTES}):
     * its closure, sudog and the small objects it references. Heap growth within this per leaked goroutine is the
     * goroutine leak seen a second way, not a separate heap leak; beyond it (a never-closed {@code *sql.DB} with its
     * connection, connection buffers, response bodies, caches) it is reported as HEAP_GROWTH of its own. 1 KiB, so
     * descriptor plus allowance is the lab catalog's line: a goroutine leak alone retains 0.7 to 0.9 KiB per
     * goroutine and is not HEAP_GROWTH; 2 KiB or more per request is (a per-request {@code *sql.DB} never closed:
     * about 2.9 KiB in all, 1.8 to 2.1 KiB beyond the descriptor).
     */
    static final double GOROUTINE_HEAP_ALLOWANCE = 1024;

    private MemoryDetectors() {
    }

    /**
     * Folds a HEAP_GROWTH into the permanent goroutine leak of the same endpoint when the leaked goroutines
     * explain it (see {@link #GOROUTINE_HEAP_ALLOWANCE}); the heap per request becomes a figure of that leak.
     */
    static List<Suspect> foldHeapIntoGoroutineLeaks(List<Suspect> suspects) {
        List<Suspect> out = new ArrayList<>(suspects);
        for (Suspect heap : suspects) {
            if (heap.kind() != FindingKind.HEAP_GROWTH) {
                continue;
            }
            for (int i = 0; i < out.size(); i++) {
                Suspect g = out.get(i);
                if (g.kind() == FindingKind.GOROUTINE_LEAK && g.endpoint() != null
                        && g.endpoint().equals(heap.endpoint()) && g.perRequest() > 0
                        && heldByGoroutines(heap.perRequest(), g.perRequest())) {
                    out.set(i, g.withFigure(new Figure("heapBytesPerRequest", Math.round(heap.perRequest()),
                            "bytes/request")).withConfidence(g.confidence(), "the post-GC heap grew with it by "
                            + Math.round(heap.perRequest()) + " bytes/request, what the leaked goroutines hold "
                            + "themselves"));
                    out.remove(heap);
                    break;
                }
            }
        }
        return out;
    }

    /** Heap per request within what the goroutines leaked per request hold themselves (see the allowance). */
    private static boolean heldByGoroutines(double heapPerRequest, double goroutinesPerRequest) {
        return heapPerRequest <= goroutinesPerRequest * GOROUTINE_HEAP_ALLOWANCE;
    }

    static List<Suspect> heap(ScanObservations obs, Timeline tl) {
        if (!tl.has(Signal.HEAP_AFTER_GC_BYTES)) {
            return List.of();
        }
        Noise noise = tl.noise(Signal.HEAP_AFTER_GC_BYTES);
        List<Suspect> out = new ArrayList<>();
        for (EndpointObservation ep : obs.endpoints()) {
            for (RoundKind kind : List.of(RoundKind.LOAD, RoundKind.ABORT)) {
                List<LoadRound> rounds = ep.rounds(kind);
                IntToDoubleFunction excuse = descriptorExcuse(tl, rounds);
                Retention.measure(tl, Signal.HEAP_AFTER_GC_BYTES, rounds, noise, excuse)
                        .filter(r -> r.plateau().shape() == Plateau.Shape.GROWING && r.perRequest() > 0)
                        .ifPresent(r -> out.add(heapSuspect(ep, r, excuse.applyAsDouble(rounds.size()), kind)));
            }
        }
        return out;
    }

    /**
     * Per round index (0 = before the first round), the heap explained by goroutine descriptors: the rise of the
     * all-time goroutine peak since before the first round, times the descriptor size.
     */
    static IntToDoubleFunction descriptorExcuse(Timeline tl, List<LoadRound> rounds) {
        if (rounds.isEmpty() || !tl.has(Signal.GOROUTINES)) {
            return i -> 0;
        }
        double[] excuse = new double[rounds.size() + 1];
        double peak0 = tl.runningPeak(Signal.GOROUTINES, rounds.getFirst().start());
        for (int i = 0; i < rounds.size(); i++) {
            excuse[i + 1] = Math.max(0, tl.runningPeak(Signal.GOROUTINES, rounds.get(i).settleEnd()) - peak0)
                    * G_DESCRIPTOR_BYTES;
        }
        return i -> excuse[i];
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

    static List<Suspect> fds(ScanObservations obs, Timeline tl) {
        if (!tl.has(Signal.OPEN_FDS)) {
            return List.of();
        }
        Noise noise = tl.noise(Signal.OPEN_FDS);
        List<Suspect> out = new ArrayList<>();
        for (EndpointObservation ep : obs.endpoints()) {
            for (RoundKind kind : List.of(RoundKind.LOAD, RoundKind.ABORT)) {
                Retention.measure(tl, Signal.OPEN_FDS, ep.rounds(kind), noise, null)
                        .filter(r -> r.plateau().shape() == Plateau.Shape.GROWING && r.perRequest() > 0)
                        .ifPresent(r -> {
                            List<String> reasons = new ArrayList<>();
                            reasons.add("open file descriptors grew in every round (" + r.rounds() + "/"
                                    + r.rounds() + ") and were not closed within the settle window");
                            r.unreadNote().ifPresent(reasons::add);
                            double c = 0.6 + (r.rounds() >= 3 ? 0.1 : 0) + (r.fit().r2() >= 0.9 ? 0.15 : 0);
                            if (r.fit().r2() >= 0.9) {
                                reasons.add("proportional to requests (r\u00b2 = " + round(r.fit().r2()) + ")");
                            }
                            List<Figure> figures = List.of(
                                    new Figure("fdsPerRequest", round(r.perRequest()), "fds/request"),
                                    new Figure("fdsPerRequestLow", round(r.fit().slopeLow()), "fds/request"),
                                    new Figure("fdsPerRequestHigh", round(r.fit().slopeHigh()), "fds/request"),
                                    new Figure("roundsGrew", r.plateau().grewRounds(), "rounds"),
                                    new Figure("retainedFds", round(r.totalGrowth()), "fds"),
                                    new Figure(kind == RoundKind.ABORT ? "abortedRequests" : "requests",
                                            r.totalRequests(), "requests"),
                                    new Figure("r2", round(r.fit().r2()), "1"));
                            out.add(new Suspect(FindingKind.FD_LEAK, ep.endpoint(), "FD", Pattern.GENERIC,
                                    Signal.OPEN_FDS.name(), figures, List.of(), Math.min(c, 0.95), reasons,
                                    r.perRequest(), 0, null));
                        });
            }
        }
        return out;
    }

    /**
     * Memory per distinct client-controlled key against the same request with one repeated key. A bounded cache
     * keyed by the client plateaus; an unbounded map keeps its slope while the repeated key stays flat. Heap after
     * GC first; goroutines per key when the heap is not measured or shows nothing (a goroutine per client).
     */
    static List<Suspect> keyCardinality(ScanObservations obs, Timeline tl) {
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
        found.sort(Comparator.comparingDouble(Suspect::confidence).thenComparingDouble(Suspect::perRequest)
                .reversed());
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
                heap ? descriptorExcuse(tl, distinct) : null);
        if (d.isEmpty() || d.get().plateau().shape() != Plateau.Shape.GROWING || d.get().perRequest() <= 0) {
            return Optional.empty();
        }
        double perKey = d.get().perRequest();
        if (heap && heldByGoroutines(perKey, goroutinesLeftPerRequest(tl, distinct))) {
            // What the goroutines these rounds left behind hold themselves, as in foldHeapIntoGoroutineLeaks: an
            // endpoint leaking a goroutine per request, whatever the key, raised the heap under distinct keys too
            // (deep, admin-group-leaky at 50,000 goroutines, where a noisy repeated-key round read as flat). The
            // goroutine series then says whether the key matters.
            return Optional.empty();
        }
        Optional<Retention> rep = Retention.measure(tl, signal, repeated, noise,
                heap ? descriptorExcuse(tl, repeated) : null);
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

    /**
     * Latency that rises round over round: secondary, and the only signal a target without telemetry gives. On a
     * shared machine latency drifts for reasons of its own, so with memory telemetry it is reported only beside a
     * leak already found on the same endpoint (as corroboration); without telemetry it stands on its own.
     */
    static List<Suspect> latencyDrift(ScanObservations obs, boolean telemetry, List<Suspect> leaks) {
        List<Suspect> out = new ArrayList<>();
        for (EndpointObservation ep : obs.endpoints()) {
            if (telemetry && leaks.stream().noneMatch(l -> ep.endpoint().equals(l.endpoint())
                    && Analyzer.LEAK_KINDS.contains(l.kind()))) {
                continue;
            }
            List<LoadRound> rounds = ep.rounds(RoundKind.LOAD).stream().filter(r -> r.latency() != null).toList();
            if (rounds.size() < 3) {
                continue;
            }
            boolean rising = true;
            for (int i = 1; i < rounds.size(); i++) {
                rising &= rounds.get(i).latency().p50Ms() > rounds.get(i - 1).latency().p50Ms();
            }
            double first = rounds.getFirst().latency().p50Ms();
            double last = rounds.getLast().latency().p50Ms();
            if (rising && last >= 1.5 * first && last - first >= 2.0) {
                out.add(new Suspect(FindingKind.LATENCY_DRIFT, ep.endpoint(), "LATENCY", Pattern.GENERIC,
                        "LATENCY_P50_MS", List.of(
                        new Figure("p50First", round(first), "ms"),
                        new Figure("p50Last", round(last), "ms"),
                        new Figure("p50IncreasePerRound", round((last - first) / (rounds.size() - 1)), "ms/round"),
                        new Figure("rounds", rounds.size(), "rounds")),
                        List.of(), telemetry ? 0.3 : 0.4, List.of("median latency rose in every one of " + rounds.size()
                        + " rounds, from " + round(first) + " ms to " + round(last) + " ms"),
                        (last - first) / (rounds.size() - 1), 0, null));
            }
        }
        return out;
    }
}
