package io.leakscan.analysis;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** What a finding is about. Stable names: reports, the API, the CLI and webhooks use them. */
public enum FindingKind {
    /** Goroutines grow with requests in every round and never return. */
    GOROUTINE_LEAK,
    /** Goroutines outlive the response for seconds, then end (work that ignores the request context). */
    LINGERING_GOROUTINES,
    /** Work goes on after the client aborted the request. */
    ABORT_IGNORED,
    /** Post-GC heap keeps its slope per request; no plateau. */
    HEAP_GROWTH,
    /** Memory grows per distinct client-controlled key (X-Forwarded-For, query parameter, path segment). */
    KEY_CARDINALITY_GROWTH,
    /** Open file descriptors grow per request. */
    FD_LEAK,
    /** Latency rises round over round. */
    LATENCY_DRIFT,
    /** Profiling endpoints answer without credentials. */
    PROFILING_EXPOSED,
    /** The target process restarted during the scan. */
    TARGET_RESTARTED;

    /**
     * The kinds that mean "this app leaks"; the others are context (latency) or not a leak (exposure, a restart). The
     * one list the verdict, the engine's screenings (which endpoints a leak sends to be probed alone, and keeps out of
     * the timed aborts and the wrong-input rounds) and the report's account of those endpoints all read.
     */
    public static final Set<FindingKind> LEAKS = Collections.unmodifiableSet(EnumSet.of(GOROUTINE_LEAK,
            LINGERING_GOROUTINES, ABORT_IGNORED, HEAP_GROWTH, KEY_CARDINALITY_GROWTH, FD_LEAK));
}
