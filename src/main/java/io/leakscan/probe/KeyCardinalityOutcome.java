package io.leakscan.probe;

import java.util.Objects;

/**
 * The two rounds of a key-cardinality probe: the control with one repeated key, then one with a distinct key per
 * request. Memory that grows with {@code distinct} but not with {@code repeated} is state per client-controlled key.
 */
public record KeyCardinalityOutcome(KeyPlacement placement, RoundOutcome repeated, RoundOutcome distinct) {

    public KeyCardinalityOutcome {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(repeated, "repeated");
        Objects.requireNonNull(distinct, "distinct");
    }
}
