package io.leakscan.scan;

/** Thrown by {@link ScanCancellation#throwIfCancelled()}; the pipeline turns it into the right final state. */
public class ScanCancelledException extends RuntimeException {

    private final ScanCancellation.Reason reason;

    public ScanCancelledException(ScanCancellation.Reason reason) {
        super("scan cancelled: " + reason, null, false, false);
        this.reason = reason;
    }

    public ScanCancellation.Reason reason() {
        return reason;
    }
}
