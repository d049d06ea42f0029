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
    REPEATED_KEY
}
