package io.leakscan.probe;

import java.time.Duration;

/** How one request ended, as the dispatcher records it. */
sealed interface RequestResult {

    /** A complete response. {@code retryAfter} is the target's Retry-After on 429/503, else null. */
    record Response(int status, long latencyNanos, Duration retryAfter) implements RequestResult {
    }

    record Failed(ErrorCause cause, String detail) implements RequestResult {
    }

    /** Cut on purpose by an abort round; {@code confirmedClosed} when the connection was seen closed. */
    record Aborted(boolean confirmedClosed) implements RequestResult {
    }
}
