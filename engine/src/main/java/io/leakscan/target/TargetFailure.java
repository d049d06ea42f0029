package io.leakscan.target;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.TimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.util.Locale;

/**
 * Why a request to a target failed, as a stable {@link FailureCode} and a message naming host:port and the cause.
 * Probes and telemetry use {@link #classify} on whatever WebClient threw so every phase reports failures alike.
 */
public record TargetFailure(FailureCode code, String message) {

    /**
     * @param error   what the WebClient (or anything under it) threw; causes are searched
     * @param where   {@code host:port}, see {@link TargetUrls#hostPort}
     * @param options the timeouts in force, quoted in timeout messages
     */
    public static TargetFailure classify(Throwable error, String where, TargetClientOptions options) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            TargetFailure f = classifyOne(t, where, options);
            if (f != null) {
                return f;
            }
        }
        return new TargetFailure(FailureCode.TARGET_ERROR, "request to " + where + " failed: " + describe(error));
    }

    private static TargetFailure classifyOne(Throwable t, String where, TargetClientOptions options) {
        if (t instanceof TargetNotAllowedException e) {
            return new TargetFailure(FailureCode.TARGET_NOT_ALLOWED, e.getMessage());
        }
        if (t instanceof UnknownHostException) {
            return new TargetFailure(FailureCode.DNS_FAILURE, "cannot resolve host " + hostOf(where)
                    + ": no such host (" + describe(t) + ")");
        }
        if (t instanceof SslHandshakeTimeoutException) {
            return new TargetFailure(FailureCode.TLS_ERROR, "TLS handshake with " + where + " did not complete within "
                    + millis(options.connectTimeout()) + " — does this port speak https?");
        }
        if (t instanceof ConnectTimeoutException) {
            return new TargetFailure(FailureCode.TIMEOUT, "connecting to " + where + " timed out after "
                    + millis(options.connectTimeout()) + " — is the host reachable and the port open?");
        }
        if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                || t instanceof java.util.concurrent.TimeoutException) {
            return new TargetFailure(FailureCode.TIMEOUT, where + " accepted the connection but sent no response within "
                    + millis(options.responseTimeout()));
        }
        if (t instanceof SSLException) {
            return new TargetFailure(FailureCode.TLS_ERROR, tlsMessage(t, where));
        }
        if (t instanceof NoRouteToHostException) {
            return new TargetFailure(FailureCode.TARGET_ERROR, "no route to " + where + " (" + describe(t) + ")");
        }
        if (t instanceof ConnectException) {
            String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            return text.contains("refused")
                    ? new TargetFailure(FailureCode.CONNECTION_REFUSED, "connection refused by " + where
                    + " — is the service running?")
                    : new TargetFailure(FailureCode.TARGET_ERROR, "cannot connect to " + where + ": " + describe(t));
        }
        if (t instanceof PrematureCloseException) {
            return new TargetFailure(FailureCode.TARGET_ERROR, where + " closed the connection before sending a "
                    + "complete response");
        }
        return null;
    }

    private static String tlsMessage(Throwable t, String where) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertificateException || c instanceof CertPathValidatorException) {
                return "the TLS certificate of " + where + " is not trusted: " + describe(c);
            }
        }
        if (t instanceof NotSslRecordException) {
            String answer = plainTextAnswer(t.getMessage());
            return where + " did not answer with TLS — is it plain http?"
                    + (answer == null ? "" : " It answered \"" + answer + "\"");
        }
        return "TLS handshake with " + where + " failed: " + describe(t);
    }

    /** Netty hex-dumps the bytes it got: "not an SSL/TLS record: 485454502f..." -> "HTTP/1.1 400 Bad Request". */
    static String plainTextAnswer(String message) {
        if (message == null || !message.contains(": ")) {
            return null;
        }
        String hex = message.substring(message.lastIndexOf(": ") + 2).strip();
        if (!hex.matches("([0-9a-fA-F]{2})+")) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i + 1 < hex.length() && line.length() < 80; i += 2) {
            char c = (char) Integer.parseInt(hex.substring(i, i + 2), 16);
            if (c == '\r' || c == '\n') {
                break;
            }
            if (c < 0x20 || c > 0x7e) {
                return null; // binary: not worth quoting
            }
            line.append(c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    /** {@code [::1]:80} -> {@code ::1}, {@code example.com:80} -> {@code example.com}. */
    private static String hostOf(String where) {
        int colon = where.lastIndexOf(':');
        String host = colon > 0 ? where.substring(0, colon) : where;
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    private static String millis(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
