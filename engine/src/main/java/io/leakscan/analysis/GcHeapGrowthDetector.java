package io.leakscan.analysis;

import io.leakscan.telemetry.Signal;

import java.util.ArrayList;
import java.util.List;

import static io.leakscan.analysis.GoroutineDetector.round;

/**
 * HEAP_GROWTH from the GC's own figures, for targets that offer no post-GC heap (expvar memstats, Prometheus
 * without pprof): an endpoint whose per-cycle heap level ({@link GcHeapJudge}) grew with its requests, in the later
 * cycles too. The finding says which figure it stands on.
 */
final class GcHeapGrowthDetector {

    private GcHeapGrowthDetector() {
    }

    static List<Suspect> detect(List<GcHeapJudge.Judgement> judgements) {
        return judgements.stream().filter(j -> j.outcome() == GcHeapJudge.Outcome.GROWING)
                .map(GcHeapGrowthDetector::suspect).toList();
    }

    private static Suspect suspect(GcHeapJudge.Judgement j) {
        List<String> reasons = new ArrayList<>();
        reasons.add("judged without forcing a GC, from the GC's own figures: " + j.basis().words + ", "
                + j.cycles() + " GC cycles during the rounds");
        reasons.add("that level grew with the requests, in the later cycles too: no plateau");
        double c = j.basis() == GcHeapJudge.Basis.GC_LIVE ? 0.55 : 0.5;
        if (j.cycles() >= 5) {
            c += 0.1;
            reasons.add(j.cycles() + " cycles, so not one late reading nor a cache filling up");
        }
        if (j.fit().r2() >= 0.9) {
            c += 0.1;
            reasons.add("retained heap proportional to requests (r\u00b2 = " + round(j.fit().r2()) + ")");
        }
        if (j.fit().slope() >= 1024) {
            c += 0.1;
            reasons.add("at least 1 KiB retained per request, far above allocator noise");
        }
        reasons.addAll(j.notes());
        List<Figure> figures = List.of(
                new Figure("bytesPerRequest", Math.round(j.fit().slope()), "bytes/request"),
                new Figure("bytesPerRequestLow", Math.round(j.fit().slopeLow()), "bytes/request"),
                new Figure("bytesPerRequestHigh", Math.round(j.fit().slopeHigh()), "bytes/request"),
                new Figure("gcCycles", j.cycles(), "cycles"),
                new Figure("retainedBytes", Math.round(j.growth()), "bytes"),
                new Figure(j.kind() == RoundKind.ABORT ? "abortedRequests" : "requests", j.requests(), "requests"),
                new Figure("r2", round(j.fit().r2()), "1"),
                new Figure("noiseThreshold", Math.round(j.noise()), "bytes"));
        String series = j.basis() == GcHeapJudge.Basis.GC_LIVE ? Signal.HEAP_LIVE_BYTES.name()
                : Signal.HEAP_ALLOC_BYTES.name();
        return new Suspect(FindingKind.HEAP_GROWTH, j.endpoint(), "HEAP", Pattern.GENERIC, series, figures, List.of(),
                Math.min(c, 0.9), reasons, j.fit().slope(), 0, null);
    }
}
