package io.leakscan.report;

/** How a scan ended. */
public enum ScanStatus {
    /** Every phase ran; the verdict stands on the measurements. */
    COMPLETED,
    /** The scan stopped on an error (unreachable target, target crashed, limits hit). */
    FAILED,
    /** Someone cancelled it. */
    CANCELLED
}
