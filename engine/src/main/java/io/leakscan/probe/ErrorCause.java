package io.leakscan.probe;

/** Why a request got no HTTP response. */
public enum ErrorCause {
    CONNECT_REFUSED,
    /** Connect, response or whole-request timeout. */
    TIMEOUT,
    /** The target closed or reset the connection before the response was complete. */
    RESET,
    TLS,
    /** The target module's guard refused the address at connect time: nothing was sent. */
    NOT_ALLOWED,
    OTHER
}
