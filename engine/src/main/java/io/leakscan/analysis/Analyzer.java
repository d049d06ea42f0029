package io.leakscan.analysis;

import io.leakscan.telemetry.Signal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The detection engine's analysis step: a pure function from what a scan observed to findings and a verdict.
 * No Spring, no database, no I/O: the service, the CLI and the tests all call {@link #analyze}.
 */
public final class Analyzer {

    /** Signals on which a leak claim (or a clean verdict) can rest. */
    static final Set<Signal> LEAK_SIGNALS = EnumSet.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES,
            Signal.OPEN_FDS);

    public AnalysisResult analyze(ScanObservations obs) {
        Timeline tl = new Timeline(obs);
        List<Suspect> suspects = new ArrayList<>();
        suspects.addAll(GoroutineDetector.detect(obs, tl));
        suspects.addAll(HeapGrowthDetector.detect(obs, tl));
        List<GcHeapJudge.Judgement> gcHeap = GcHeapJudge.judge(obs, tl);
        suspects.addAll(GcHeapGrowthDetector.detect(gcHeap));
        suspects.addAll(FdLeakDetector.detect(obs, tl));
        suspects.addAll(KeyCardinalityDetector.detect(obs, tl));
        suspects = GoroutineHeap.foldIntoGoroutineLeaks(suspects);
        suspects = LeakProfileEvidence.apply(obs, suspects);
        Watched watched = Watched.of(obs, tl, gcHeap);
        boolean telemetry = LEAK_SIGNALS.stream().anyMatch(tl::has) || watched.heapJudgedEverywhere();
        suspects.addAll(LatencyDriftDetector.detect(obs, telemetry, suspects));
        suspects.addAll(ApplicationDetectors.exposure(obs));
        suspects.addAll(ApplicationDetectors.restarts(obs, tl));
        List<Finding> findings = ScopeResolver.resolve(obs, suspects);
        Verdict verdict = verdict(obs, findings, watched);
        return new AnalysisResult(verdict, summary(obs, verdict, findings, watched), findings);
    }

    static Verdict verdict(ScanObservations obs, List<Finding> findings, Watched watched) {
        Set<Signal> measured = watched.measured();
        boolean leak = findings.stream().anyMatch(f -> FindingKind.LEAKS.contains(f.kind())
                || f.kind() == FindingKind.TARGET_RESTARTED && f.severity() == Severity.HIGH);
        if (leak) {
            return Verdict.LEAKS_FOUND;
        }
        boolean probed = obs.endpoints().stream().anyMatch(e -> !e.rounds().isEmpty());
        boolean restarted = findings.stream().anyMatch(f -> f.kind() == FindingKind.TARGET_RESTARTED);
        // No telemetry means no claim: never CLEAN on latency alone, nor on file descriptors alone (they say
        // nothing about goroutines or the heap), nor across a restart.
        // The GC's own heap figures count once every probed endpoint's heap was judged (enough GC cycles, or a bound).
        boolean memory = measured.contains(Signal.GOROUTINES) || measured.contains(Signal.HEAP_AFTER_GC_BYTES)
                || watched.heapJudgedEverywhere();
        if (!memory || !probed || restarted) {
            return Verdict.INCONCLUSIVE;
        }
        return Verdict.CLEAN;
    }

    static String words(Signal s) {
        return switch (s) {
            case GOROUTINES -> "goroutines";
            case HEAP_AFTER_GC_BYTES -> "the heap after GC";
            case OPEN_FDS -> "open file descriptors";
            default -> s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    static String summary(ScanObservations obs, Verdict verdict, List<Finding> findings, Watched watched) {
        Set<Signal> measured = watched.measured();
        long endpoints = obs.endpoints().stream().filter(e -> !e.rounds().isEmpty()).count();
        long requests = obs.endpoints().stream().flatMap(e -> e.rounds().stream()).mapToLong(LoadRound::requests)
                .sum();
        String signals = watched.describe();
        StringBuilder sb = new StringBuilder();
        if (endpoints == 0) {
            // A scan stopped in its first round (the target in distress, a deadline) did send requests, but none in
            // a round that completed: say that, not "sent 0 requests to 0 endpoints".
            sb.append("No load round completed, so no request's effect could be judged; Leakscan watched ")
                    .append(signals).append(". ");
        } else {
            // The rounds judged, not every request sent: pilots, warm-ups and pooled rounds a split probed again are
            // left out here and counted in each endpoint's requests, so "sent" would understate the traffic.
            sb.append("Leakscan judged the effect of ").append(requests).append(" requests on ").append(endpoints)
                    .append(endpoints == 1 ? " endpoint" : " endpoints").append(" and watched ").append(signals)
                    .append(". ");
        }
        List<Finding> leaks = findings.stream().filter(f -> FindingKind.LEAKS.contains(f.kind())).toList();
        switch (verdict) {
            case LEAKS_FOUND -> {
                sb.append("It found ").append(leaks.size()).append(leaks.size() == 1 ? " leak" : " leaks");
                if (!leaks.isEmpty()) {
                    Finding top = leaks.stream().sorted((a, b) -> a.severity().compareTo(b.severity())).findFirst()
                            .orElseThrow();
                    sb.append("; the most serious: ").append(top.title()).append(" (confidence ")
                            .append(Math.round(top.confidence().value() * 100)).append("%)");
                }
                sb.append(". ");
                findings.stream().filter(f -> f.kind() == FindingKind.TARGET_RESTARTED).findFirst()
                        .ifPresent(f -> sb.append(f.title()).append(". "));
                sb.append("Each finding names where the leaked resources wait and the Echo idiom that fixes it.");
            }
            case CLEAN -> sb.append("Every signal came back to its baseline after load or levelled off (warm-up, "
                    + "bounded caches and pools are not leaks): no leak found on the endpoints tested.");
            case INCONCLUSIVE -> {
                boolean memory = measured.contains(Signal.GOROUTINES) || measured.contains(Signal.HEAP_AFTER_GC_BYTES)
                        || watched.heapJudgedEverywhere();
                if (watched.nothing()) {
                    sb.append("Without goroutine, heap or file-descriptor telemetry nothing can be claimed either "
                            + "way: expose net/http/pprof or Prometheus metrics (behind auth) and scan again.");
                } else if (!memory && !watched.unjudged().isEmpty()) {
                    sb.append("Without forcing a GC, the heap of ").append(watched.unjudgedEndpoints())
                            .append(" could not be told from garbage: too few GC cycles ran during its rounds, or "
                                    + "their levels scattered more than they moved; and no goroutine count "
                                    + "was offered: nothing can be claimed either way. Scan with more rounds (the memory "
                                    + "or deep profile), or expose runtime/metrics' /gc/heap/live:bytes or "
                                    + "net/http/pprof (behind auth).");
                } else if (!memory && measured.contains(Signal.OPEN_FDS)) {
                    sb.append("Only open file descriptors could be measured: without goroutine or heap telemetry "
                            + "nothing can be claimed about memory. Expose net/http/pprof or Prometheus metrics "
                            + "(behind auth) and scan again.");
                } else if (!memory) {
                    sb.append("Neither a goroutine count nor a heap level the GC vouches for was read, so nothing "
                            + "can be claimed about memory: expose net/http/pprof or Prometheus metrics (behind "
                            + "auth) and scan again.");
                } else if (findings.stream().anyMatch(f -> f.kind() == FindingKind.TARGET_RESTARTED)) {
                    sb.append("The target restarted during the scan, which voids the measurements: scan again.");
                } else {
                    sb.append("No endpoint was probed, so there is nothing to judge.");
                }
            }
        }
        if (verdict != Verdict.INCONCLUSIVE && !watched.unjudged().isEmpty()) {
            sb.append(" The heap of ").append(watched.unjudgedEndpoints()).append(" could not be judged without "
                    + "forcing a GC.");
        }
        watched.gcHeap().stream().flatMap(j -> j.goalMovedAlone().stream()).distinct()
                .forEach(n -> sb.append(' ').append(Character.toUpperCase(n.charAt(0))).append(n.substring(1)).append('.'));
        // The heap judged from the GC's own figures stands in for the forced-GC reading: not "not measured".
        List<String> missing = LEAK_SIGNALS.stream().filter(s -> !measured.contains(s))
                .filter(s -> s != Signal.HEAP_AFTER_GC_BYTES || watched.gcHeap().isEmpty())
                .map(Analyzer::words).toList();
        if (!watched.nothing() && !missing.isEmpty()) {
            sb.append(" Not measured (no telemetry, so no claim): ").append(String.join(", ", missing)).append('.');
        }
        sb.append(UncheckedEndpoints.describe(obs, findings));
        if (!watched.nothing() && !obs.telemetry().goroutineProfiles() && verdict == Verdict.LEAKS_FOUND) {
            sb.append(" No goroutine profile was readable, so findings cannot point at the code that leaks.");
        }
        long other = findings.stream().filter(f -> !FindingKind.LEAKS.contains(f.kind())
                && f.kind() != FindingKind.TARGET_RESTARTED).count();
        if (other > 0) {
            sb.append(" Also reported: ").append(findings.stream().filter(f -> !FindingKind.LEAKS.contains(f.kind())
                    && f.kind() != FindingKind.TARGET_RESTARTED).map(Finding::title)
                    .collect(Collectors.joining("; "))).append('.');
        }
        return sb.toString();
    }
}
