package io.leakscan.telemetry;

/** The memory signals a Go service can expose. Values are always in base units: counts, bytes, seconds. */
public enum Signal {
    /** Live goroutines. */
    GOROUTINES,
    /** Heap bytes in live objects right after a forced GC ({@code heap?gc=1}, a JSON endpoint that runs GC). */
    HEAP_AFTER_GC_BYTES,
    /** Heap bytes allocated and not yet freed, without forcing a GC: noisy. */
    HEAP_ALLOC_BYTES,
    /** Bytes in in-use heap spans. */
    HEAP_INUSE_BYTES,
    /** Live heap objects. */
    HEAP_OBJECTS,
    /** Open file descriptors of the process. */
    OPEN_FDS,
    /** Resident set size of the process. */
    RESIDENT_BYTES,
    /**
     * The GC's heap goal: the heap size at which the next cycle starts (memstats {@code NextGC},
     * {@code go_memstats_next_gc_bytes}, runtime/metrics {@code /gc/heap/goal:bytes}). It follows the live heap
     * the last cycle marked, scaled by GOGC, but also moves when GOGC or GOMEMLIMIT change.
     */
    HEAP_GOAL_BYTES,
    /** Heap bytes the last GC cycle marked live (runtime/metrics {@code /gc/heap/live:bytes}): post-GC, not forced. */
    HEAP_LIVE_BYTES,
    /** The GC's target percentage, GOGC ({@code /gc/gogc:percent}); changes when the app tunes its GC. */
    GOGC_PERCENT,
    /** The GC's memory limit, GOMEMLIMIT ({@code /gc/gomemlimit:bytes}). */
    GC_MEMORY_LIMIT_BYTES,
    /** Completed GC cycles; goes backwards only when the process restarted. */
    GC_COUNT,
    /** Process start time in seconds since the epoch; changes only when the process restarted. */
    PROCESS_START_SECONDS
}
