package io.leakscan.scan;

/** Life of a scan. Only {@link #QUEUED} and {@link #RUNNING} can still change. */
public enum ScanState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
