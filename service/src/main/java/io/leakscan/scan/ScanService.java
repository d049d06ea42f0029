package io.leakscan.scan;

import io.leakscan.ownership.OwnedTargets;
import io.leakscan.probe.ScanProfile;
import io.leakscan.system.ApiException;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetNotAllowedException;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import io.leakscan.target.TargetUrls;
import io.leakscan.tenant.Quota;
import io.leakscan.tenant.TenantQuotas;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Submitting, reading, listing and cancelling scans on behalf of one tenant. */
@Service
public class ScanService {

    private final ScanStore store;
    private final ScanLimitsProperties limits;
    private final JsonMapper json;
    private final Clock clock;
    private final ScanFinalizer finalizer;
    private final CallbackDestinations callbacks;
    private final AddressGuard targets;
    private final TenantQuotas quotas;
    private final TransactionTemplate tx;
    private final OwnedTargets owned;
    private final ScanResources resources;

    ScanService(ScanStore store, ScanLimitsProperties limits, JsonMapper json, Clock clock,
                ScanFinalizer finalizer, ObjectProvider<CallbackDestinations> callbacks,
                TargetPolicy policy, TenantQuotas quotas, TransactionTemplate tx, OwnedTargets owned,
                ScanInventoryStore inventories) {
        this.owned = owned;
        this.resources = new ScanResources(json, inventories);
        this.quotas = quotas;
        this.tx = tx;
        this.targets = new AddressGuard(policy);
        // without the webhook module nothing is ever sent to a callback URL, so there is nothing to check
        this.callbacks = callbacks.getIfAvailable(() -> url -> { });
        this.store = store;
        this.limits = limits;
        this.json = json;
        this.clock = clock;
        this.finalizer = finalizer;
    }

    /** The scan and whether it was created now (false: an earlier request with the same Idempotency-Key). */
    public record Submitted(ScanRow scan, boolean created) {
    }

    public Submitted submit(UUID tenantId, ScanRequest request, String idempotencyKey) {
        String hash = sha256(json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(request));
        if (idempotencyKey != null) {
            Optional<ScanRow> earlier = store.findByIdempotencyKey(tenantId, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), hash);
            }
        }
        request = TargetReferences.resolve(request, owned, tenantId);
        Quota quota = quotas.effective(tenantId);
        requireWithinCaps(request, quota);
        ScanSpec spec = spec(request, quota);
        try {
            // preflight checks the same rule again, and every connect checks the resolved address
            targets.checkWithoutLookup(TargetUrls.host(spec.target().baseUrl()));
        } catch (TargetNotAllowedException e) {
            throw ApiException.badRequest("target.baseUrl: " + e.getMessage() + ".");
        }
        if (spec.target().separateTelemetry()) {
            try {
                // a second host the scan reaches: allowed by the same rule, or refused now
                targets.checkWithoutLookup(TargetUrls.host(spec.target().telemetryBaseUrl()));
            } catch (TargetNotAllowedException e) {
                throw ApiException.badRequest("telemetry.baseUrl: " + e.getMessage() + ".");
            }
        }
        if (spec.inventory() != null) {
            InventoryChecks.check(spec.inventory(), spec.endpoints().size(), spec.target().headers(), targets, clock);
            if (spec.inventory().url() != null && !spec.inventory().auto()) {
                owned.requireVerified(tenantId, "inventory.openapi.url", URI.create(spec.inventory().url()));
            }
        }
        // hosted: every host the scan reaches must be one the tenant proved it controls
        owned.requireVerified(tenantId, "target.baseUrl", spec.target().baseUrl());
        if (spec.target().separateTelemetry()) {
            owned.requireVerified(tenantId, "telemetry.baseUrl", spec.target().telemetryBaseUrl());
        }
        try {
            // the engine would refuse it too, but only once the scan runs: say so now, as a 400
            ScanProfile.named(spec.profile().wire()).with(spec.tuning().overrides(), limits.serverMaxima());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("tuning: " + e.getMessage() + ".");
        }
        if (request.callbackUrl() != null) {
            try {
                callbacks.check(request.callbackUrl());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("callbackUrl: " + e.getMessage() + ".");
            }
        }
        ScanRow row = ScanRow.queued(UUID.randomUUID(), tenantId, clock.instant(),
                spec.target().baseUrl().toString(), TargetKey.of(spec.target().baseUrl()), spec.profile(),
                spec.echoSpecific(), json.writeValueAsString(spec), idempotencyKey, hash);
        try {
            tx.executeWithoutResult(status -> {
                quotas.admit(tenantId, quota, row.queuedAt());
                store.insert(row);
            });
        } catch (DuplicateKeyException e) {
            // a concurrent request with the same key won the insert
            return replay(store.findByIdempotencyKey(tenantId, idempotencyKey).orElseThrow(() -> e), hash);
        }
        return new Submitted(row, true); // as inserted: a worker may already be running it
    }

    private static Submitted replay(ScanRow earlier, String hash) {
        if (!earlier.requestHash().equals(hash)) {
            throw ApiException.unprocessable(
                    "This Idempotency-Key was already used with a different request body (scan " + earlier.id() + ").");
        }
        return new Submitted(earlier, false);
    }

    /**
     * Asks again for what a finished scan asked for, as a new scan (its description, if any, resolved afresh). Checked
     * as any submission: quotas and the target rules in force now apply.
     */
    public Submitted rerun(UUID tenantId, UUID id) {
        ScanRow earlier = get(tenantId, id);
        if (!earlier.status().isFinal()) {
            throw ApiException.conflict("Scan " + id + " is still " + earlier.status() + "; run it again once it "
                    + "has finished.");
        }
        return submit(tenantId, RerunRequests.of(spec(earlier)), null);
    }

    public ScanRow get(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> notFound(id));
    }

    public ScanPage list(UUID tenantId, ScanState status, String target, int page, int size) {
        String targetKey = null;
        if (target != null && !target.isBlank()) {
            targetKey = TargetKey.parse(target.strip());
            if (targetKey == null) {
                throw ApiException.badRequest("target must be an absolute http or https URL, e.g. http://127.0.0.1:8081");
            }
        }
        long total = store.count(tenantId, status, targetKey);
        List<ScanResource> items = store.page(tenantId, status, targetKey, Math.multiplyExact(page, size), size)
                .stream().map(this::resource).toList();
        return new ScanPage(items, page, size, total, (int) ((total + size - 1) / size));
    }

    public ScanRow cancel(UUID tenantId, UUID id) {
        Optional<ScanRow> changed = finalizer.requestCancel(tenantId, id, clock.instant());
        if (changed.isPresent()) {
            return changed.get();
        }
        ScanRow existing = get(tenantId, id);
        throw ApiException.conflict("Scan " + id + " has already finished (" + existing.status() + ").");
    }

    static ApiException notFound(UUID id) {
        return ApiException.notFound("No scan " + id + ".");
    }

    /**
     * A tenant's rate and concurrency caps bound every scan it runs. An explicit ask above a cap is refused rather
     * than quietly lowered, so the client knows its scan will not run as asked; what nobody asked for (the server's
     * default limits, a preset profile's own pace) is held to the cap by the scan's limits.
     */
    private static void requireWithinCaps(ScanRequest r, Quota quota) {
        ScanRequest.LimitsRequest asked = r.limits();
        ScanTuning tuning = r.tuning();
        requireWithin("limits.maxRequestsPerSecond", asked == null ? null : asked.maxRequestsPerSecond(),
                "maxRequestsPerSecond", quota.maxRequestsPerSecond());
        requireWithin("tuning.requestsPerSecond", tuning == null ? null : tuning.requestsPerSecond(),
                "maxRequestsPerSecond", quota.maxRequestsPerSecond());
        requireWithin("limits.maxConcurrency", asked == null ? null : asked.maxConcurrency(),
                "maxConcurrency", quota.maxConcurrency());
        requireWithin("tuning.concurrency", tuning == null ? null : tuning.concurrency(),
                "maxConcurrency", quota.maxConcurrency());
    }

    private static void requireWithin(String field, Integer asked, String cap, Integer limit) {
        if (asked != null && limit != null && asked > limit) {
            throw ApiException.badRequest(field + " " + asked + " exceeds this tenant's quota " + cap + " of "
                    + limit + ".").type("quota-cap").property("quota", cap).property("limit", limit);
        }
    }

    private ScanSpec spec(ScanRequest r, Quota quota) {
        List<Endpoint> endpoints = r.endpoints() == null ? List.of() : r.endpoints().stream()
                .map(e -> new Endpoint(e.method(), e.path(), e.body(), e.contentType(), e.headers()))
                .toList();
        ScanRequest.LimitsRequest asked = r.limits();
        ScanLimits effective = asked == null ? limits.effective(null, null, null)
                : limits.effective(asked.maxRequestsPerSecond(), asked.maxConcurrency(), asked.maxDurationSeconds());
        effective = new ScanLimits(capped(effective.maxRequestsPerSecond(), quota.maxRequestsPerSecond()),
                capped(effective.maxConcurrency(), quota.maxConcurrency()), effective.maxDurationSeconds(),
                effective.durationFromPlan());
        return new ScanSpec(
                new TargetSpec(URI.create(r.target().baseUrl()), r.target().headers(),
                        r.telemetry() == null || r.telemetry().baseUrl() == null ? null
                                : URI.create(r.telemetry().baseUrl()),
                        r.telemetry() == null ? null : r.telemetry().headers()),
                endpoints,
                r.profile() == null ? Profile.MEMORY : r.profile(),
                Boolean.TRUE.equals(r.echoSpecific()),
                r.telemetry() == null || r.telemetry().paths() == null ? List.of() : r.telemetry().paths(),
                effective,
                r.callbackUrl() == null ? null : URI.create(r.callbackUrl()),
                r.tuning(),
                r.telemetry() == null ? null : r.telemetry().jsonPointers(),
                r.endpoints() == null ? null : r.endpoints().stream().map(ScanRequest.EndpointRequest::route).toList(),
                r.inventory() == null ? null : ScanInventory.of(r.inventory()));
    }

    private static int capped(int value, Integer cap) {
        return cap == null ? value : Math.min(value, cap);
    }

    ScanSpec spec(ScanRow row) {
        return json.readValue(row.request(), ScanSpec.class);
    }

    public ScanResource resource(ScanRow row) {
        return resources.of(row, spec(row));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
