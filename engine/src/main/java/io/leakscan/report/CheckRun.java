package io.leakscan.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;

/**
 * Whether a check ran on an endpoint.
 *
 * @param check  the check
 * @param ran    false when it could not run
 * @param reason why it did not run ({@code no goroutine telemetry}), null when it ran
 * @param inputs {@link Check#WRONG_INPUTS}: the wrong inputs sent ({@code malformed-body}, {@code missing-auth}...);
 *               empty for the other checks (and then left out of the JSON)
 */
public record CheckRun(Check check, boolean ran, String reason,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> inputs) {

    public CheckRun {
        Objects.requireNonNull(check, "check");
        if (ran == (reason != null)) {
            throw new IllegalArgumentException(check + ": a reason is required exactly when the check did not run");
        }
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    public CheckRun(Check check, boolean ran, String reason) {
        this(check, ran, reason, List.of());
    }

    public static CheckRun ran(Check check) {
        return new CheckRun(check, true, null);
    }

    /** A check that ran with these parts: the wrong inputs sent. */
    public static CheckRun ran(Check check, List<String> inputs) {
        return new CheckRun(check, true, null, inputs);
    }

    public static CheckRun skipped(Check check, String reason) {
        return new CheckRun(check, false, reason);
    }
}
