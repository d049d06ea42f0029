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
     * @return the response; completes exceptionally on connect errors, timeouts and oversized bodies
     */
    CompletableFuture<Response> get(String pathAndQuery, Duration timeout, long maxBytes);

    record Response(int status, String contentType, byte[] body) {
    }

    final class BodyTooLargeException extends RuntimeException {
        public BodyTooLargeException(long cap) {
            super("body exceeds " + cap + " bytes");
        }
    }
}
