package io.leakscan.target;

/** Why a target could not be scanned. Stable names: the API, the CLI and webhooks expose them. */
public enum FailureCode {
    TARGET_NOT_ALLOWED,
    DNS_FAILURE,
    CONNECTION_REFUSED,
    TIMEOUT,
    TLS_ERROR,
    TARGET_ERROR
}
