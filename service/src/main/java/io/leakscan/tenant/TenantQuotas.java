package io.leakscan.tenant;

import io.leakscan.system.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Quotas per tenant: the configured defaults with the tenant's overrides on top. Admission (concurrent scans, scans
 * per day) is checked here; the rate and concurrency caps are read by whoever builds a scan's limits.
 */
@Service
public class TenantQuotas {

    static final Duration WINDOW = Duration.ofDays(1);

    private final QuotaStore store;
    private final TenantStore tenants;
    private final QuotaProperties properties;
    private final Clock clock;
    private final AuditLog audit;

    TenantQuotas(QuotaStore store, TenantStore tenants, QuotaProperties properties, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.store = store;
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
    }

    /** The quotas in force for a tenant: null members are no limit. */
    public Quota effective(UUID tenantId) {
        return properties.defaults().overriddenBy(store.overrides(tenantId).orElse(Quota.NONE));
    }

    /** What the admin set for this tenant; null members fall back to the configured defaults. */
    public Quota overrides(UUID tenantId) {
        requireTenant(tenantId);
        return store.overrides(tenantId).orElse(Quota.NONE);
    }

    @Transactional
    public Quota override(UUID tenantId, Quota overrides) {
        requireTenant(tenantId);
        store.save(tenantId, overrides, clock.instant());
        audit.record(tenantId, AuditAction.QUOTA_CHANGED, null, overrides.toString());
        return overrides;
    }

    /** How much of its quotas a tenant uses now. */
    public record Usage(Quota quota, int activeScans, int scansLast24Hours) {
    }

    public Usage usage(UUID tenantId) {
        return new Usage(effective(tenantId), store.active(tenantId),
                store.submittedSince(tenantId, clock.instant().minus(WINDOW)));
    }

    /**
     * Refuses a new scan over the tenant's concurrent or daily quota with a 429 that says which quota and when to
     * retry. Runs in the transaction that inserts the scan, and holds the tenant's admission lock until it commits,
     * so concurrent submissions cannot overshoot a quota. A tenant with neither quota has nothing to overshoot: its
     * submissions take no lock, so they do not queue behind each other holding pool connections (one tenant's burst
     * of 2,500 submissions did, and the pool timed out for every tenant).
     *
     * @param quota the tenant's {@link #effective} quota, as the caller read it to build the scan's limits
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void admit(UUID tenantId, Quota quota, Instant now) {
        if (quota.concurrentScans() == null && quota.scansPerDay() == null) {
            return;
        }
        store.lockAdmissions(tenantId);
        if (quota.concurrentScans() != null) {
            int active = store.active(tenantId);
            if (active >= quota.concurrentScans()) {
                throw exceeded(tenantId, "concurrentScans", quota.concurrentScans(), properties.concurrentRetryAfter(),
                        "This tenant has " + active + " scans queued or running; its quota concurrentScans is "
                                + quota.concurrentScans() + ". Retry once one of them has ended.");
            }
        }
        if (quota.scansPerDay() != null) {
            Instant since = now.minus(WINDOW);
            int used = store.submittedSince(tenantId, since);
            if (used >= quota.scansPerDay()) {
                // the window slides: room appears when enough of the oldest submissions have left it
                Instant leaves = store.submittedAt(tenantId, since, used - quota.scansPerDay())
                        .orElse(now).plus(WINDOW);
                throw exceeded(tenantId, "scansPerDay", quota.scansPerDay(), Duration.between(now, leaves),
                        "This tenant submitted " + used + " scans in the last 24 hours; its quota scansPerDay is "
                                + quota.scansPerDay() + ". The next scan fits at " + leaves + ".");
            }
        }
    }

    private ApiException exceeded(UUID tenantId, String quota, int limit, Duration retryAfter, String detail) {
        audit.recordRefusal(tenantId, AuditAction.QUOTA_REFUSED, quota, detail);
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Quota exceeded", detail)
                .type("quota-exceeded").property("quota", quota).property("limit", limit).retryAfter(retryAfter);
    }

    private void requireTenant(UUID tenantId) {
        if (!tenants.exists(tenantId)) {
            throw ApiException.notFound("No tenant " + tenantId + ".");
        }
    }
}
