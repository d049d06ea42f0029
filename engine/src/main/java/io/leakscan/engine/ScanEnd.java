package io.leakscan.engine;

/**
 * How a scan ended, in the API's words: the engine returns it and the report states it. The service's
 * {@code ScanState} adds the states a scan passes through before it ends.
 */
public enum ScanEnd {
    /** Every planned phase ran; the analysis is complete and the verdict stands on the measurements. */
    SUCCEEDED,
    /** The scan could not start or was stopped early; the failure says why (analysis of what ran may be present). */
    FAILED,
    /** The caller cancelled it; all traffic stopped. */
    CANCELLED
}
