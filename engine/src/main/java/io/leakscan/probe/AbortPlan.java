package io.leakscan.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * One abort round: each request is cut {@code abortAfter} after it was sent unless its response completed first, by
 * closing its connection; the close is confirmed when the channel is seen closed within {@code confirmTimeout}.
 */
public record AbortPlan(int requests, int concurrency, double requestsPerSecond, Duration abortAfter, Duration confirmTimeout) {

    public AbortPlan {
        Plans.check(requests, concurrency, requestsPerSecond);
        Objects.requireNonNull(abortAfter, "abortAfter");
        Objects.requireNonNull(confirmTimeout, "confirmTimeout");
        if (abortAfter.isNegative() || abortAfter.isZero()) {
            throw new IllegalArgumentException("abortAfter must be positive: " + abortAfter);
        }
        if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
            throw new IllegalArgumentException("confirmTimeout must be positive: " + confirmTimeout);
        }
    }
}
