package io.leakscan.probe;

import io.leakscan.target.TargetNotAllowedException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Maps what Reactor Netty and WebClient throw to an {@link ErrorCause}, walking the cause chain. */
final class ErrorClassifier {

    private ErrorClassifier() {
    }

    static ErrorCause classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ErrorCause cause = classifyOne(t);
            if (cause != null) {
                return cause;
            }
        }
        return ErrorCause.OTHER;
    }

    private static ErrorCause classifyOne(Throwable t) {
        String type = t.getClass().getName();
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof TargetNotAllowedException) {
            return ErrorCause.NOT_ALLOWED;
        }
        // Netty's ConnectTimeoutException extends ConnectException: check timeouts first.
        if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                || type.endsWith("ConnectTimeoutException") || type.endsWith("ReadTimeoutException")
                || type.endsWith("WriteTimeoutException") || type.endsWith("PoolAcquireTimeoutException")) {
            return ErrorCause.TIMEOUT;
        }
        if (t instanceof SSLException || type.contains("ssl.") || type.endsWith("SslHandshakeTimeoutException")) {
            return ErrorCause.TLS;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return message.contains("refused") || t instanceof ConnectException && !message.contains("timed out")
                    ? ErrorCause.CONNECT_REFUSED : ErrorCause.TIMEOUT;
        }
        if (type.endsWith("PrematureCloseException") || message.contains("connection reset")
                || message.contains("broken pipe") || message.contains("connection prematurely closed")) {
            return ErrorCause.RESET;
        }
        return null;
    }

    /** A short, log-safe description: the exception type and message, never headers or bodies. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
