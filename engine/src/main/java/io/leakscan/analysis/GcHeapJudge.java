package io.leakscan.analysis;

import io.leakscan.analysis.stats.Fit;
import io.leakscan.analysis.stats.Stats;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Judges an endpoint's heap without a forced GC, from the GC's own figures ({@link GcCycles}): one level per GC
 * cycle that ran during its rounds, fitted against the requests sent before it. Coarser than a post-GC reading (a
 * cycle's lowest HeapAlloc carries the garbage allocated before it was read), so it needs several cycles to claim
 * growth, and claims "clean" only with a bound: what the heap could at most have retained per request.
 */
final class GcHeapJudge {

    /** Cycles inside the rounds needed to call a trend: fewer cannot tell a leak from one late reading. */
    static final int MIN_CYCLES = 3;
    /**
     * A cycle's lowest HeapAlloc swings by the garbage read with it, a few hundred KiB under load; the live heap a
     * cycle marked swings by what was in flight at the mark (a Prometheus scrape's buffers: ~0.9 MiB measured).
     */
    static final double NOISE = 512 * 1024;
    /** Below this a slope is allocator noise, not retention. */
    static final double MIN_PER_REQUEST = 256;
    /** Growth past the first cycle inside the rounds, in noise floors, that a leak must show (see judge). */
    static final double SINCE_FIRST = 1.5;
    /** An endpoint whose heap could have retained at most this per request is judged clean. */
    static final double CLEAN_PER_REQUEST = 512;

    /** What the GC-based heap level of each cycle is. */
    enum Basis {
        /** runtime/metrics' /gc/heap/live:bytes: the bytes the cycle's mark found live. */
        GC_LIVE("the live heap each GC cycle marked (/gc/heap/live:bytes)"),
        /** The lowest HeapAlloc read in each cycle. */
        GC_CYCLE_FLOOR("the lowest HeapAlloc of each GC cycle");

        final String words;

        Basis(String words) {
            this.words = words;
        }
    }

    enum Outcome {
        /** Grew with the requests, in the later cycles too: HEAP_GROWTH. */
        GROWING,
        /** Several cycles, and the level stayed within the noise or levelled off (warm-up, a bounded cache). */
        LEVELLED,
        /** Too few cycles for a trend, but the heap after the rounds bounds what they can have retained. */
        BOUNDED,
        /** Too few cycles and no useful bound: no claim about this endpoint's heap. */
        UNJUDGED;

        boolean judged() {
            return this != UNJUDGED;
        }
    }

    /**
     * @param cycles          GC cycles that began during the rounds
     * @param fit             level against cumulative requests (null with fewer than {@link #MIN_CYCLES} cycles)
     * @param growth          level after the rounds minus the level before
     * @param boundPerRequest the most the rounds can have retained per request (NaN when HeapAlloc was not read)
     * @param goalStart       the heap goal before the rounds (NaN when not read)
     * @param goalEnd         the heap goal of the last cycle during the rounds (NaN when not read)
     * @param notes           what else the GC's figures said (the heap goal, GOGC), for the finding or the summary
     */
    record Judgement(EndpointRef endpoint, RoundKind kind, Basis basis, Outcome outcome, int cycles, long requests,
                     double reference, Fit fit, double growth, double noise, double boundPerRequest,
                     double goalStart, double goalEnd, List<String> notes) {
        Judgement {
            notes = List.copyOf(notes);
        }

        /** The heap goal rose by half or more without a growth finding: GOGC or GOMEMLIMIT can move it alone. */
        Optional<String> goalMovedAlone() {
            if (outcome == Outcome.GROWING || !(goalEnd >= 1.5 * goalStart)) {
                return Optional.empty();
            }
            return Optional.of("on " + endpoint + " the heap goal went from " + mib(goalStart) + " to "
                    + mib(goalEnd) + ", which GOGC or GOMEMLIMIT can do alone: it was not taken as growth");
        }

        /** Why no claim: too few cycles, or levels that scattered more than they moved. */
        String why() {
            return cycles < MIN_CYCLES ? cycles + " GC cycle" + (cycles == 1 ? "" : "s")
                    : cycles + " GC cycles whose levels scattered more than they moved";
        }
    }

    private GcHeapJudge() {
    }

    /** One judgement per endpoint and round kind; none when a post-GC heap was read (that is the better signal). */
    static List<Judgement> judge(ScanObservations obs, Timeline tl) {
        if (tl.has(Signal.HEAP_AFTER_GC_BYTES) || !GcCycles.readable(tl)) {
            return List.of();
        }
        List<GcCycles.Cycle> cycles = GcCycles.of(tl.samples());
        Basis basis = tl.has(Signal.HEAP_LIVE_BYTES) ? Basis.GC_LIVE : Basis.GC_CYCLE_FLOOR;
        List<Judgement> out = new ArrayList<>();
        for (EndpointObservation ep : obs.endpoints()) {
            for (RoundKind kind : List.of(RoundKind.LOAD, RoundKind.ABORT)) {
                List<LoadRound> rounds = ep.rounds(kind);
                if (!rounds.isEmpty()) {
                    out.add(judge(ep.endpoint(), kind, rounds, cycles, basis, tl));
                }
            }
        }
        return out;
    }

    static Judgement judge(EndpointRef ep, RoundKind kind, List<LoadRound> rounds, List<GcCycles.Cycle> cycles,
                           Basis basis, Timeline tl) {
        Instant start = rounds.getFirst().start();
        Instant end = rounds.getLast().settleEnd();
        long total = rounds.stream().mapToLong(LoadRound::requests).sum();
        Optional<GcCycles.Cycle> before = cycles.stream().filter(c -> !c.start().isAfter(start))
                .reduce((a, b) -> b);
        OptionalDouble ref = before.map(c -> level(c, basis, start)).orElse(OptionalDouble.empty());
        List<double[]> points = new ArrayList<>();
        List<GcCycles.Cycle> during = cycles.stream().filter(c -> c.start().isAfter(start) && !c.start().isAfter(end))
                .toList();
        for (GcCycles.Cycle c : during) {
            level(c, basis, end).ifPresent(y -> points.add(new double[]{requestsBefore(rounds, c.start()), y}));
        }
        if (ref.isEmpty() || total == 0) {
            return new Judgement(ep, kind, basis, Outcome.UNJUDGED, points.size(), total, Double.NaN, null, 0,
                    0, Double.NaN, Double.NaN, Double.NaN, List.of("no GC figure was read before the rounds began"));
        }
        double r = ref.getAsDouble();
        double noise = Math.max(NOISE, 0.05 * r);
        double bound = bound(tl, rounds, r, total);
        // The last cycle bounds what the requests before it retained: its level is at least the live heap then.
        if (!points.isEmpty() && points.getLast()[0] >= total / 2.0) {
            double byCycle = Math.max(0, points.getLast()[1] - r) / points.getLast()[0];
            bound = Double.isNaN(bound) ? byCycle : Math.min(bound, byCycle);
        }
        List<String> notes = new ArrayList<>(goalNotes(before.get(), during));
        double goalStart = before.get().first(Signal.HEAP_GOAL_BYTES).orElse(Double.NaN);
        double goalEnd = during.isEmpty() ? goalStart : during.getLast().first(Signal.HEAP_GOAL_BYTES).orElse(Double.NaN);
        if (points.size() < MIN_CYCLES) {
            double growth = points.isEmpty() ? 0 : points.getLast()[1] - r;
            Outcome o = bound < CLEAN_PER_REQUEST ? Outcome.BOUNDED : Outcome.UNJUDGED;
            return new Judgement(ep, kind, basis, o, points.size(), total, r, null, growth, noise, bound, goalStart,
                    goalEnd, notes);
        }
        int n = points.size() + 1;
        double[] x = new double[n];
        double[] y = new double[n];
        y[0] = r;
        for (int i = 1; i < n; i++) {
            x[i] = points.get(i - 1)[0];
            y[i] = points.get(i - 1)[1];
        }
        if (x[n - 1] == x[0]) {
            return new Judgement(ep, kind, basis, bound < CLEAN_PER_REQUEST ? Outcome.BOUNDED : Outcome.UNJUDGED,
                    points.size(), total, r, null, 0, noise, bound, goalStart, goalEnd, notes);
        }
        Fit fit = Stats.theilSen(x, y);
        // Garbage read with a level scales with the allocation rate (16 KiB of garbage per request moves a cycle's
        // lowest HeapAlloc by a MiB): the levels' own scatter around the fit widens the noise.
        List<Double> residuals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            residuals.add(Math.abs(y[i] - (fit.intercept() + fit.slope() * x[i])));
        }
        noise = Math.max(noise, 2 * Stats.median(residuals));
        double growth = Stats.median(List.of(y[n - 1], y[n - 2])) - r;
        // The later half of the cycles must still climb at a good share of the overall rate: a cache that fills
        // and then evicts climbs early and goes flat.
        int k = (n - 1) / 2;
        double lateSlope = x[n - 1] == x[k] ? 0 : Stats.theilSen(slice(x, k), slice(y, k)).slope();
        double lateGrowth = lateSlope * (x[n - 1] - x[k]);
        int rises = 0;
        for (int i = 1; i < n; i++) {
            rises += y[i] > y[i - 1] ? 1 : 0;
        }
        // Past its warm-up too: from the first cycle inside the rounds on, not only from the level before them. A
        // bounded queue and the connections' buffers fill in the first round (prom-heap-fixed: a step of 340-590 KiB
        // when the reference cycle came before the endpoint's first request), then the level drifts under load (up
        // to ~460 KiB in 17 quick runs at a load of 7-12); its leaky twin climbs 1.3-1.5 MiB past that first cycle.
        // Half again the noise sits between the two.
        double sinceFirst = x[n - 1] == x[1] ? 0 : Stats.theilSen(slice(x, 1), slice(y, 1)).slope() * (x[n - 1] - x[1]);
        boolean pastWarmUp = sinceFirst >= SINCE_FIRST * noise;
        boolean growing = fit.slope() >= MIN_PER_REQUEST && fit.slopeLow() > 0 && growth >= noise && lateSlope >= 0.4 * fit.slope()
                && lateGrowth >= noise / 2 && rises >= 0.6 * (n - 1) && pastWarmUp;
        if (growing) {
            // the series behind the claim, for whoever checks it (and for a false positive's post-mortem)
            notes.add(levels(x, y));
        }
        Outcome o = growing ? Outcome.GROWING
                : fit.slope() * total < noise || lateGrowth < noise / 2 || !pastWarmUp || bound < CLEAN_PER_REQUEST
                ? Outcome.LEVELLED : Outcome.UNJUDGED;
        return new Judgement(ep, kind, basis, o, points.size(), total, r, fit, growth, noise, bound, goalStart, goalEnd,
                notes);
    }

    /** "the level before the rounds, then at each GC cycle (requests sent before it): 0.35 MiB (0), ..." */
    static String levels(double[] x, double[] y) {
        StringBuilder b = new StringBuilder("the level before the rounds, then at each GC cycle (requests sent before it): ");
        for (int i = 0; i < x.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f MiB (%d)",
                    y[i] / (1024.0 * 1024.0), Math.round(x[i])));
        }
        return b.toString();
    }

    private static OptionalDouble level(GcCycles.Cycle c, Basis basis, Instant until) {
        return basis == Basis.GC_LIVE ? c.live() : c.floor(until);
    }

    private static double[] slice(double[] a, int from) {
        double[] out = new double[a.length - from];
        System.arraycopy(a, from, out, 0, out.length);
        return out;
    }

    /** Requests sent before {@code t}; a round in progress counts in proportion to its elapsed time. */
    static double requestsBefore(List<LoadRound> rounds, Instant t) {
        double n = 0;
        for (LoadRound r : rounds) {
            if (!t.isBefore(r.end())) {
                n += r.requests();
            } else if (t.isAfter(r.start())) {
                double span = Duration.between(r.start(), r.end()).toNanos();
                n += span <= 0 ? r.requests() : r.requests() * Duration.between(r.start(), t).toNanos() / span;
            }
        }
        return n;
    }

    /**
     * The most the rounds can have retained per request: retained bytes stay in HeapAlloc, so the lowest HeapAlloc
     * after the last round's traffic bounds the live heap then; minus the level before, per request sent.
     */
    private static double bound(Timeline tl, List<LoadRound> rounds, double ref, long total) {
        LoadRound last = rounds.getLast();
        OptionalDouble after = tl.points(Signal.HEAP_ALLOC_BYTES, last.end(), last.settleEnd()).stream()
                .mapToDouble(p -> p.v()).min();
        return after.isEmpty() ? Double.NaN : Math.max(0, after.getAsDouble() - ref) / total;
    }

    /**
     * What the heap goal did. It follows the live heap scaled by GOGC, so it is corroboration at best: it also
     * moves when GOGC or GOMEMLIMIT change (a GC tuner, {@code debug.SetGCPercent}) with nothing retained.
     */
    private static List<String> goalNotes(GcCycles.Cycle before, List<GcCycles.Cycle> during) {
        if (during.isEmpty()) {
            return List.of();
        }
        GcCycles.Cycle last = during.getLast();
        List<String> notes = new ArrayList<>();
        OptionalDouble g0 = before.first(Signal.GOGC_PERCENT);
        OptionalDouble g1 = last.first(Signal.GOGC_PERCENT);
        if (g0.isPresent() && g1.isPresent() && g0.getAsDouble() != g1.getAsDouble()) {
            notes.add("GOGC changed from " + Math.round(g0.getAsDouble()) + " to " + Math.round(g1.getAsDouble())
                    + " during the rounds");
        }
        OptionalDouble m0 = before.first(Signal.GC_MEMORY_LIMIT_BYTES);
        OptionalDouble m1 = last.first(Signal.GC_MEMORY_LIMIT_BYTES);
        if (m0.isPresent() && m1.isPresent() && m0.getAsDouble() != m1.getAsDouble()) {
            notes.add("GOMEMLIMIT changed during the rounds");
        }
        OptionalDouble h0 = before.first(Signal.HEAP_GOAL_BYTES);
        OptionalDouble h1 = last.first(Signal.HEAP_GOAL_BYTES);
        if (h0.isPresent() && h1.isPresent()) {
            notes.add("the heap goal (NextGC) went from " + mib(h0.getAsDouble()) + " to " + mib(h1.getAsDouble()));
        }
        return notes;
    }

    static String mib(double bytes) {
        return Math.round(bytes / (1024.0 * 1024.0) * 10) / 10.0 + " MiB";
    }
}
