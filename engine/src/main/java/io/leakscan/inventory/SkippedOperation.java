package io.leakscan.inventory;

import java.util.Objects;

/**
 * An operation of the description that the scan does not load, and why (unsafe method, filtered out, deprecated, no
 * header for its security scheme, a body it cannot build). Reports and the scan resource list these.
 *
 * @param method HTTP method, upper case
 * @param route  the Echo route, e.g. {@code /api/v1/users/:id}
 * @param reason one sentence
 */
public record SkippedOperation(String method, String route, String reason) {

    public SkippedOperation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return method + " " + route + ": " + reason;
    }
}
