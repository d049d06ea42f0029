package io.leakscan.probe;

/** The kind of traffic a round sent. */
public enum TrafficKind {
    LOAD,
    ABORT,
    /** Key-cardinality round: a distinct client-controlled key on every request. */
    DISTINCT_KEY,
    /** Key-cardinality round: the same key on every request (the control). */
    REPEATED_KEY
}
