package io.leakscan.target;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TargetClient} talks to a target.
 *
 * @param connectTimeout   TCP connect (and TLS handshake) limit
 * @param responseTimeout  limit from sending a request to receiving the response headers
 * @param maxConnections   connection pool size; every open keep-alive connection is a goroutine in the target, so
 *                         keep it no larger than the concurrency you need
 * @param maxResponseBytes largest body the WebClient buffers in memory (bodyToMono and friends)
 */
public record TargetClientOptions(Duration connectTimeout, Duration responseTimeout, int maxConnections,
                                  int maxResponseBytes) {

    public TargetClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
        }
        if (responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("responseTimeout must be positive, got " + responseTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be at least 1, got " + maxResponseBytes);
        }
    }

    /** 5 s connect, 10 s response, 16 connections, 1 MiB bodies. */
    public static TargetClientOptions defaults() {
        return new TargetClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(10), 16, 1024 * 1024);
    }

    public TargetClientOptions withTimeouts(Duration connect, Duration response) {
        return new TargetClientOptions(connect, response, maxConnections, maxResponseBytes);
    }

    public TargetClientOptions withMaxConnections(int max) {
        return new TargetClientOptions(connectTimeout, responseTimeout, max, maxResponseBytes);
    }
}
