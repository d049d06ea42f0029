package io.leakscan.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * The engine stopped sending: {@code message} says precisely why, in words a user can act on.
 */
public record ProbeStopped(StopReason reason, String message, Instant at) {

    public ProbeStopped {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return reason + ": " + message;
    }
}
