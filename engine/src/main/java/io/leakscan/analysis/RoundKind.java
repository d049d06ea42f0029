package io.leakscan.analysis;

/** What a load round did. */
public enum RoundKind {
    /** Ordinary requests that run to completion. */
    LOAD,
    /** Requests cut by the client before the response completed (streams, slow handlers). */
    ABORT,
    /** The same request with a distinct client-controlled key each time (X-Forwarded-For, a query parameter...). */
    DISTINCT_KEY,
    /** The same request with one key repeated: the control for {@link #DISTINCT_KEY}. */
    REPEATED_KEY,
    /**
     * The request with one input a client gets wrong (a malformed body, a missing token...), which the target
     * rejects: what its early-return branch leaves behind ({@link LoadRound#input()} names the input).
     */
    ERROR_INPUT
}
