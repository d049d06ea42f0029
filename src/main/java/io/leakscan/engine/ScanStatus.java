package io.leakscan.engine;

/** How a scan ended. */
public enum ScanStatus {
    /** Every planned phase ran; the analysis is complete. */
    SUCCEEDED,
    /** The scan could not start or was stopped early; the failure says why (analysis of what ran may be present). */
    FAILED,
    /** The caller cancelled it; all traffic stopped. */
    CANCELLED
}
