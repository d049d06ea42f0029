package io.leakscan.telemetry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The one HTTP operation telemetry needs: GET a path of the target with a timeout and a body cap. The caller decides
 * how (the guarded WebClient of io.leakscan.target, or {@link WebClientTelemetryHttp}); cancelling the future must
 * abort the request.
 */
@FunctionalInterface
public interface TelemetryHttp {

    /**
     * @param pathAndQuery e.g. {@code /debug/pprof/goroutine?debug=1}, resolved against the target's base URL
     * @param timeout      for the whole exchange, body included
     * @param maxBytes     body cap; a longer body completes exceptionally with {@link BodyTooLargeException}
     * @return the response, which the caller {@linkplain Response#release() releases} once it has parsed the body;
     *         completes exceptionally on connect errors, timeouts, oversized bodies and an exhausted
     *         {@link TelemetryBudget} ({@link BudgetExhaustedException})
     */
    CompletableFuture<Response> get(String pathAndQuery, Duration timeout, long maxBytes);

    /** @param onRelease gives the body's bytes back to the scan's budget; {@link #release()} runs it */
    record Response(int status, String contentType, byte[] body, Runnable onRelease) {

        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, () -> {
            });
        }

        /** The body's memory may be reused by other reads of the scan; call once the body has been parsed. */
        public void release() {
            onRelease.run();
        }
    }

    final class BodyTooLargeException extends RuntimeException {
        public BodyTooLargeException(long cap) {
            super("body exceeds " + cap + " bytes");
        }
    }

    /** The scan's reads together hold as much body as its {@link TelemetryBudget} allows. */
    final class BudgetExhaustedException extends RuntimeException {
        public BudgetExhaustedException(long limit) {
            super("telemetry bodies of this scan exceed its budget of " + limit + " bytes");
        }
    }
}
