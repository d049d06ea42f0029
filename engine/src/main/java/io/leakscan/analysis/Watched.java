package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Signal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a scan actually watched, for the verdict and a summary that is true to it: the signals a claim can rest on,
 * every other memory figure that was read, and how the heap was judged when no forced-GC reading was offered.
 *
 * @param measured    the {@link Analyzer#LEAK_SIGNALS} with at least one reading
 * @param heapFigures the other heap and GC figures read (HeapAlloc, NumGC, the heap goal, ...)
 * @param resident    resident memory was read
 * @param gcHeap      per endpoint and round kind, how the heap was judged from the GC's own figures
 * @param probed      endpoints that got load or abort rounds
 */
record Watched(Set<Signal> measured, Set<Signal> heapFigures, boolean resident, List<GcHeapJudge.Judgement> gcHeap,
               Set<EndpointRef> probed) {

    private static final List<Signal> HEAP_FIGURES = List.of(Signal.HEAP_ALLOC_BYTES, Signal.HEAP_INUSE_BYTES,
            Signal.HEAP_OBJECTS, Signal.GC_COUNT, Signal.HEAP_GOAL_BYTES, Signal.HEAP_LIVE_BYTES);

    Watched {
        measured = measured.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(measured));
        heapFigures = heapFigures.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(heapFigures));
        gcHeap = List.copyOf(gcHeap);
        probed = Set.copyOf(probed);
    }

    static Watched of(ScanObservations obs, Timeline tl, List<GcHeapJudge.Judgement> gcHeap) {
        Set<Signal> measured = EnumSet.noneOf(Signal.class);
        Analyzer.LEAK_SIGNALS.stream().filter(tl::has).forEach(measured::add);
        Set<Signal> figures = EnumSet.noneOf(Signal.class);
        HEAP_FIGURES.stream().filter(tl::has).forEach(figures::add);
        Set<EndpointRef> probed = new LinkedHashSet<>();
        obs.endpoints().stream().filter(e -> !e.rounds(RoundKind.LOAD).isEmpty() || !e.rounds(RoundKind.ABORT).isEmpty())
                .forEach(e -> probed.add(e.endpoint()));
        return new Watched(measured, figures, tl.has(Signal.RESIDENT_BYTES), gcHeap, probed);
    }

    /** Every probed endpoint's heap was judged from the GC's figures: a trend, a plateau or a bound. */
    boolean heapJudgedEverywhere() {
        return !gcHeap.isEmpty() && !probed.isEmpty() && probed.stream().allMatch(this::heapJudged);
    }

    /**
     * An endpoint's heap is judged on its own rounds: its load rounds, or a stream's aborts (it has no load rounds).
     * The timed aborts of an endpoint with load rounds are a few dozen cut requests, too few to span a GC cycle of
     * their own; left unjudged they are named in the summary, not a reason to claim nothing about the endpoint.
     */
    private boolean heapJudged(EndpointRef ep) {
        boolean loaded = loaded(ep);
        List<GcHeapJudge.Judgement> own = gcHeap.stream().filter(j -> j.endpoint().equals(ep)).toList();
        return !own.isEmpty() && own.stream().filter(j -> !loaded || j.kind() == RoundKind.LOAD)
                .allMatch(j -> j.outcome().judged());
    }

    List<GcHeapJudge.Judgement> unjudged() {
        return gcHeap.stream().filter(j -> !j.outcome().judged()).toList();
    }

    /** Nothing about memory was read at all: only then may a summary say "no memory telemetry". */
    boolean nothing() {
        return measured.isEmpty() && heapFigures.isEmpty() && !resident;
    }

    /** What was watched, in words: "goroutines, the heap from the GC's own figures (...), open file descriptors". */
    String describe() {
        if (nothing()) {
            return "no memory telemetry";
        }
        List<String> parts = new ArrayList<>();
        if (measured.contains(Signal.GOROUTINES)) {
            parts.add(Analyzer.words(Signal.GOROUTINES));
        }
        if (measured.contains(Signal.HEAP_AFTER_GC_BYTES)) {
            parts.add(Analyzer.words(Signal.HEAP_AFTER_GC_BYTES));
        } else if (!gcHeap.isEmpty()) {
            parts.add(gcHeapWords());
        } else if (!heapFigures.isEmpty()) {
            parts.add(figureNames() + (heapFigures.contains(Signal.GC_COUNT) ? ""
                    : " (without a GC count, so the heap could not be told from garbage)"));
        }
        if (measured.contains(Signal.OPEN_FDS)) {
            parts.add(Analyzer.words(Signal.OPEN_FDS));
        }
        if (parts.isEmpty()) {
            parts.add("resident memory only");
        }
        return String.join(", ", parts);
    }

    private String gcHeapWords() {
        GcHeapJudge.Basis basis = gcHeap.getFirst().basis();
        int cycles = gcHeap.stream().mapToInt(GcHeapJudge.Judgement::cycles).sum();
        return "the heap from the GC's own figures without forcing a GC (" + figureNames() + "; judged on "
                + basis.words + ", " + cycles + " GC cycle" + (cycles == 1 ? "" : "s") + " during the rounds)";
    }

    /** "HeapAlloc, HeapInuse, HeapObjects, NumGC and the heap goal" as read. */
    String figureNames() {
        List<String> names = HEAP_FIGURES.stream().filter(heapFigures::contains).map(Watched::figure).toList();
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }

    private static String figure(Signal s) {
        return switch (s) {
            case HEAP_ALLOC_BYTES -> "HeapAlloc";
            case HEAP_INUSE_BYTES -> "HeapInuse";
            case HEAP_OBJECTS -> "HeapObjects";
            case GC_COUNT -> "NumGC";
            case HEAP_GOAL_BYTES -> "the heap goal";
            case HEAP_LIVE_BYTES -> "the live heap";
            default -> s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** Whether {@code ep} had load rounds judged on the GC's figures (a stream has only aborts). */
    private boolean loaded(EndpointRef ep) {
        return gcHeap.stream().anyMatch(j -> j.endpoint().equals(ep) && j.kind() == RoundKind.LOAD);
    }

    /** "GET /healthz (1 GC cycle), ..." for endpoints whose heap could not be judged; empty when none. */
    String unjudgedEndpoints() {
        return unjudged().stream().map(j -> j.endpoint() + (j.kind() == RoundKind.ABORT && loaded(j.endpoint())
                        ? " under client aborts" : "") + " (" + j.why()
                + (Double.isNaN(j.boundPerRequest()) ? "" : ", up to " + Math.round(j.boundPerRequest())
                + " bytes/request possibly retained") + ")").distinct().collect(Collectors.joining(", "));
    }
}
