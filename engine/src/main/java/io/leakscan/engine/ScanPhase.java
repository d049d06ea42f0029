package io.leakscan.engine;

/** Where a scan is. The service maps these onto its scan row and SSE events, the CLI onto its progress line. */
public enum ScanPhase {
    PREFLIGHT,
    DISCOVERY,
    BASELINE,
    /** Load or abort rounds against one endpoint at a time. */
    PROBING,
    /** Repeated-key versus distinct-key rounds per endpoint. */
    KEY_CARDINALITY,
    ANALYSIS,
    DONE
}
