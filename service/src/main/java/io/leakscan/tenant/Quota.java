package io.leakscan.tenant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;

/**
 * What a tenant may use. A null member is no limit (as a default) or "the configured default" (as an override).
 *
 * @param concurrentScans      scans queued or running at once
 * @param scansPerDay          scans submitted in any 24 hours
 * @param maxRequestsPerSecond the most any scan of the tenant may send per second, whatever its profile or tuning
 * @param maxConcurrency       the most requests any scan of the tenant may keep in flight
 */
@Schema(description = "Quotas of one tenant; null is no limit (effective) or the configured default (override)")
public record Quota(@Positive @Max(1_000_000) Integer concurrentScans,
                    @Positive @Max(1_000_000) Integer scansPerDay,
                    @Positive @Max(1_000_000) Integer maxRequestsPerSecond,
                    @Positive @Max(1_000_000) Integer maxConcurrency) {

    static final Quota NONE = new Quota(null, null, null, null);

    /** These defaults with each member {@code overrides} sets put in its place. */
    Quota overriddenBy(Quota overrides) {
        return new Quota(or(overrides.concurrentScans, concurrentScans), or(overrides.scansPerDay, scansPerDay),
                or(overrides.maxRequestsPerSecond, maxRequestsPerSecond), or(overrides.maxConcurrency, maxConcurrency));
    }

    private static Integer or(Integer first, Integer second) {
        return first != null ? first : second;
    }
}
