package io.leakscan.telemetry;

/** What a telemetry endpoint serves, as identified from its content. */
public enum SourceFormat {
    GOROUTINE_DEBUG1,
    GOROUTINE_DEBUG2,
    /** Go 1.26 {@code goroutineleak?debug=1} (GOEXPERIMENT=goroutineleakprofile, standard from 1.27). */
    GOROUTINE_LEAK_DEBUG1,
    GOROUTINE_PPROF,
    HEAP_DEBUG1,
    HEAP_PPROF,
    EXPVAR,
    PROMETHEUS_TEXT,
    OPENMETRICS,
    /** A JSON body with the brief's {@code /health/memory} fields, or with the user's JSON pointers. */
    MEMORY_JSON,
    UNKNOWN;

    /** The pprof family: readable by anyone who can reach it, which is itself an information exposure. */
    public boolean isProfile() {
        return switch (this) {
            case GOROUTINE_DEBUG1, GOROUTINE_DEBUG2, GOROUTINE_LEAK_DEBUG1, GOROUTINE_PPROF, HEAP_DEBUG1, HEAP_PPROF -> true;
            default -> false;
        };
    }
}
