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
    /** Completed GC cycles; goes backwards only when the process restarted. */
    GC_COUNT,
    /** Process start time in seconds since the epoch; changes only when the process restarted. */
    PROCESS_START_SECONDS
}
