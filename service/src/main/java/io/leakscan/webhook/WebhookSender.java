package io.leakscan.webhook;

import io.leakscan.target.GuardedAddressResolverGroup;
import io.leakscan.target.TargetNotAllowedException;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends one webhook POST on Reactor Netty with the destination guard as its resolver: the address is checked when the
 * connection is made, redirects are never followed (a 3xx is a failed attempt), and the attempt as a whole (connect,
 * request, response headers, the first KiB of the body) is bounded by the configured timeout.
 */
final class WebhookSender implements AutoCloseable {

    static final int EXCERPT_BYTES = 1024;
    static final String USER_AGENT = "Leakscan-Webhooks/0.1 (+https://github.com/leakscan)";

    /** What one attempt saw: a status (or null when no response came) and an error sentence (or null). */
    record Result(Integer statusCode, long latencyMillis, String excerpt, String error) {
        boolean succeeded() {
            return error == null && statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final Duration timeout;
    private final ConnectionProvider connections;
    private final HttpClient plain;
    private final HttpClient tls;

    WebhookSender(DestinationGuard guard, Duration timeout) {
        this.timeout = timeout;
        this.connections = ConnectionProvider.builder("leakscan-webhooks")
                .maxConnections(64)
                .pendingAcquireTimeout(timeout)
                .maxIdleTime(Duration.ofSeconds(20))
                .build();
        this.plain = HttpClient.create(connections)
                .resolver(new GuardedAddressResolverGroup(guard.connectGuard()))
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                .responseTimeout(timeout);
        this.tls = plain.secure(ssl -> ssl.sslContext(Http11SslContextSpec.forClient()).handshakeTimeout(timeout));
    }

    Result post(URI url, byte[] body, Map<String, String> headers, long startNanos) {
        HttpClient client = "https".equalsIgnoreCase(url.getScheme()) ? tls : plain;
        try {
            Result result = client
                    .headers(h -> {
                        h.set("User-Agent", USER_AGENT);
                        h.set("Content-Type", "application/json");
                        h.set("Content-Length", body.length);
                        headers.forEach(h::set);
                    })
                    .post()
                    .uri(url)
                    .send((request, out) -> out.sendByteArray(Mono.just(body)))
                    .response((response, content) -> content.asByteArray()
                            // keep only the first KiB; taking no more cancels the rest of a large body
                            .scan(new byte[0], WebhookSender::append)
                            .takeUntil(bytes -> bytes.length >= EXCERPT_BYTES)
                            .last(new byte[0])
                            .map(bytes -> new Result(response.status().code(), millisSince(startNanos),
                                    excerpt(bytes), null)))
                    .single()
                    .timeout(timeout)
                    .block();
            if (result != null && !result.succeeded()) {
                String error = result.statusCode() >= 300 && result.statusCode() < 400
                        ? "HTTP " + result.statusCode() + ": redirects are not followed"
                        : "HTTP " + result.statusCode() + ": not a 2xx response";
                return new Result(result.statusCode(), result.latencyMillis(), result.excerpt(), error);
            }
            return result;
        } catch (RuntimeException e) {
            return new Result(null, millisSince(startNanos), null, describe(Exceptions.unwrap(e), url));
        }
    }

    private static byte[] append(byte[] sofar, byte[] next) {
        int keep = Math.min(next.length, EXCERPT_BYTES - sofar.length);
        if (keep <= 0) {
            return sofar;
        }
        byte[] out = Arrays.copyOf(sofar, sofar.length + keep);
        System.arraycopy(next, 0, out, sofar.length, keep);
        return out;
    }

    private static String excerpt(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    private String describe(Throwable error, URI url) {
        String where = url.getHost() + ":" + (url.getPort() > 0 ? url.getPort()
                : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80);
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TargetNotAllowedException refused) {
                return "destination refused at connect time: " + refused.getMessage();
            }
            if (t instanceof TimeoutException || t instanceof ReadTimeoutException
                    || t instanceof ConnectTimeoutException) {
                return "timed out after " + timeout.toMillis() + " ms";
            }
            if (t instanceof UnknownHostException) {
                return "the host does not resolve: " + t.getMessage();
            }
            if (t instanceof ConnectException) {
                // a receiver that is down is the common case; Netty's own text names a syscall, not the problem
                return String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("refused")
                        ? "connection refused by " + where + " (is the receiver running?)"
                        : "connection failed: " + t.getMessage();
            }
            if (t instanceof PrematureCloseException) {
                return where + " closed the connection before answering";
            }
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
