package io.leakscan.probe;

/** The kind of traffic a round sent. */
public enum RoundKind {
    LOAD,
    ABORT,
    /** Key-cardinality round: a distinct client-controlled key on every request. */
    KEY_DISTINCT,
    /** Key-cardinality round: the same key on every request (the control). */
    KEY_REPEATED
}
