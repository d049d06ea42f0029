package io.leakscan.report;

import java.util.Objects;

/**
 * Whether a check ran on an endpoint.
 *
 * @param check  the check
 * @param ran    false when it could not run
 * @param reason why it did not run ({@code no goroutine telemetry}), null when it ran
 */
public record CheckRun(Check check, boolean ran, String reason) {

    public CheckRun {
        Objects.requireNonNull(check, "check");
        if (ran == (reason != null)) {
            throw new IllegalArgumentException(check + ": a reason is required exactly when the check did not run");
        }
    }

    public static CheckRun ran(Check check) {
        return new CheckRun(check, true, null);
    }

    public static CheckRun skipped(Check check, String reason) {
        return new CheckRun(check, false, reason);
    }
}
