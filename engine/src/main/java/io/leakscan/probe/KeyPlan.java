package io.leakscan.probe;

import java.util.Objects;

/** A key-cardinality pair of rounds: {@code requests} each, with the key placed as {@code placement} says. */
public record KeyPlan(int requests, int concurrency, double requestsPerSecond, KeyPlacement placement) {

    public KeyPlan {
        Plans.check(requests, concurrency, requestsPerSecond);
        Objects.requireNonNull(placement, "placement");
    }
}
