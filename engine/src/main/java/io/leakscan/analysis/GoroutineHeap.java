package io.leakscan.analysis;

import io.leakscan.telemetry.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The heap that goroutines account for: descriptors Go keeps for good after a new goroutine peak, and what leaked
 * goroutines hold themselves. The heap and key detectors excuse it, so a goroutine leak is not reported twice.
 */
final class GoroutineHeap {

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

    private GoroutineHeap() {
    }

    /**
     * Folds a HEAP_GROWTH into the permanent goroutine leak of the same endpoint when the leaked goroutines
     * explain it (see {@link #GOROUTINE_HEAP_ALLOWANCE}); the heap per request becomes a figure of that leak.
     */
    static List<Suspect> foldIntoGoroutineLeaks(List<Suspect> suspects) {
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
    static boolean heldByGoroutines(double heapPerRequest, double goroutinesPerRequest) {
        return heapPerRequest <= goroutinesPerRequest * GOROUTINE_HEAP_ALLOWANCE;
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
}
