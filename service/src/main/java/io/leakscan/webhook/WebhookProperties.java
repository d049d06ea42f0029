package io.leakscan.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Webhook delivery settings.
 *
 * @param allowPrivateDestinations let subscriptions and callbacks reach loopback, private (RFC 1918, CGNAT, ULA) and
 *                                 other non-public addresses; self-hosted installs turn this on. Link-local and cloud
 *                                 metadata addresses stay refused either way.
 * @param timeout                  one attempt (connect, send, response headers and the first KiB) may take this long
 * @param retry                    the backoff schedule
 * @param disableAfterFailures     consecutive failed attempts after which a subscription is disabled
 * @param secretOverlap            how long a rotated-out secret still signs, by default
 * @param pollInterval             how often this node looks for due deliveries (a finished scan wakes it at once)
 * @param lease                    a delivery claimed by a node that stops (crash) is retried after this
 * @param batchSize                deliveries claimed per poll
 * @param publicBaseUrl            prefix of the links in payloads (e.g. https://leakscan.example.com); blank = paths
 * @param dispatcherEnabled        false: this node enqueues but never sends
 */
@ConfigurationProperties("leakscan.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowPrivateDestinations,
                                @DefaultValue("10s") Duration timeout,
                                @DefaultValue Retry retry,
                                @DefaultValue("20") int disableAfterFailures,
                                @DefaultValue("24h") Duration secretOverlap,
                                @DefaultValue("1s") Duration pollInterval,
                                @DefaultValue("2m") Duration lease,
                                @DefaultValue("16") int batchSize,
                                @DefaultValue("") String publicBaseUrl,
                                @DefaultValue("true") boolean dispatcherEnabled) {

    public WebhookProperties {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("leakscan.webhooks.timeout must be positive");
        }
        if (disableAfterFailures < 1 || batchSize < 1) {
            throw new IllegalArgumentException("leakscan.webhooks.disable-after-failures and batch-size must be >= 1");
        }
        if (lease.compareTo(timeout) <= 0) {
            throw new IllegalArgumentException("leakscan.webhooks.lease must be longer than the timeout");
        }
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    /**
     * Delay before attempt n+1 = min(initialDelay * multiplier^(n-1), maxDelay), then +/- jitter. The defaults make 8
     * attempts over about 22 hours: 1m, 3.5m, 12m, 43m, 2.5h, 8.8h, 10h.
     */
    public record Retry(@DefaultValue("8") int maxAttempts,
                        @DefaultValue("1m") Duration initialDelay,
                        @DefaultValue("3.5") double multiplier,
                        @DefaultValue("10h") Duration maxDelay,
                        @DefaultValue("0.2") double jitter) {

        public Retry {
            if (maxAttempts < 1 || multiplier < 1 || jitter < 0 || jitter >= 1 || initialDelay.isNegative()) {
                throw new IllegalArgumentException("leakscan.webhooks.retry: max-attempts >= 1, multiplier >= 1, "
                        + "0 <= jitter < 1, initial-delay >= 0");
            }
        }
    }
}
