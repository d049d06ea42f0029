package io.leakscan.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts of the probe's HTTP client. No redirects, no retries and no compression are not settings: a probe that
 * followed redirects or retried would send traffic nobody asked for and blur which request caused what.
 *
 * @param connectTimeout  TCP (and TLS) connect
 * @param responseTimeout longest wait for the response headers of a load or key round's request (the round's sweeper
 *                        cuts it then), and the longest silence of an abort request (Reactor Netty's read-idle
 *                        response timeout)
 * @param requestTimeout  longest a whole request may take, body included
 */
public record ClientSettings(Duration connectTimeout, Duration responseTimeout, Duration requestTimeout) {

    public static final ClientSettings DEFAULTS = new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30));

    public ClientSettings {
        for (Duration d : new Duration[] {connectTimeout, responseTimeout, requestTimeout}) {
            Objects.requireNonNull(d, "timeouts must not be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
        if (connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout too long: " + connectTimeout);
        }
    }
}
