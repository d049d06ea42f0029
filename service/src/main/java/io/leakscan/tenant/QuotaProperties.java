package io.leakscan.tenant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Every tenant's quotas unless the admin API overrides them; an unset quota is no limit (self-hosted, one tenant).
 *
 * @param concurrentRetryAfter the {@code Retry-After} of a refusal for too many scans at once: when a slot frees is
 *                             not knowable in advance, so this is the operator's hint of a typical scan's length
 */
@ConfigurationProperties("leakscan.tenant.quota")
public record QuotaProperties(Integer concurrentScans, Integer scansPerDay, Integer maxRequestsPerSecond,
                              Integer maxConcurrency, @DefaultValue("60s") Duration concurrentRetryAfter) {

    public QuotaProperties {
        requirePositive(concurrentScans, "concurrent-scans");
        requirePositive(scansPerDay, "scans-per-day");
        requirePositive(maxRequestsPerSecond, "max-requests-per-second");
        requirePositive(maxConcurrency, "max-concurrency");
        if (concurrentRetryAfter.isNegative() || concurrentRetryAfter.isZero()) {
            throw new IllegalArgumentException("leakscan.tenant.quota.concurrent-retry-after must be positive");
        }
    }

    Quota defaults() {
        return new Quota(concurrentScans, scansPerDay, maxRequestsPerSecond, maxConcurrency);
    }

    private static void requirePositive(Integer value, String name) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException("leakscan.tenant.quota." + name + " must be positive or unset, not "
                    + value);
        }
    }
}
