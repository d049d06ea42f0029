package io.leakscan.analysis;

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
    TARGET_RESTARTED
}
