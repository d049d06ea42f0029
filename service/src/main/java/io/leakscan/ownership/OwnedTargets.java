package io.leakscan.ownership;

import io.leakscan.system.ApiException;
import io.leakscan.target.AddressGuard;
import io.leakscan.tenant.AuditAction;
import io.leakscan.tenant.AuditLog;
import io.leakscan.target.TargetNotAllowedException;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetUrls;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's targets: registration, verification by either method, and the rule a hosted service applies at submit
 * ({@link #requireVerified}). Off by default, so a self-hosted service keeps the allow-list alone.
 */
@Service
public class OwnedTargets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TargetStore store;
    private final OwnershipCheck check;
    private final VerificationProperties properties;
    private final AddressGuard guard;
    private final Clock clock;
    private final AuditLog audit;

    OwnedTargets(TargetStore store, OwnershipCheck check, VerificationProperties properties, TargetPolicy policy,
                 Clock clock, AuditLog audit) {
        this.audit = audit;
        this.store = store;
        this.check = check;
        this.properties = properties;
        this.guard = new AddressGuard(policy);
        this.clock = clock;
    }

    public boolean verificationRequired() {
        return properties.required();
    }

    public OwnedTarget create(UUID tenant, String name, String baseUrl) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.badRequest("name: 1 to 200 characters, not blank.");
        }
        if (baseUrl == null) {
            throw ApiException.badRequest("baseUrl is required.");
        }
        URI url;
        try {
            url = TargetUrls.validateTarget(baseUrl);
            guard.checkWithoutLookup(TargetUrls.host(url));
        } catch (IllegalArgumentException | TargetNotAllowedException e) {
            throw ApiException.badRequest("baseUrl: " + e.getMessage() + ".");
        }
        OwnedTarget target = new OwnedTarget(UUID.randomUUID(), tenant, name.strip(), url, TargetUrls.host(url),
                newToken(), null, null, null, null, null, clock.instant());
        try {
            store.insert(target);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("A target named \"" + target.name() + "\" already exists.");
        }
        audit.record(tenant, AuditAction.TARGET_CREATED, target.id(), target.name() + " " + target.baseUrl());
        return target;
    }

    public List<OwnedTarget> list(UUID tenant) {
        return store.list(tenant);
    }

    public Optional<OwnedTarget> find(UUID tenant, UUID id) {
        return store.find(tenant, id);
    }

    OwnedTarget get(UUID tenant, UUID id) {
        return store.find(tenant, id).orElseThrow(() -> ApiException.notFound("No target " + id + "."));
    }

    void delete(UUID tenant, UUID id) {
        if (!store.delete(tenant, id)) {
            throw ApiException.notFound("No target " + id + ".");
        }
        audit.record(tenant, AuditAction.TARGET_DELETED, id, null);
    }

    /**
     * Checks the method the tenant chose now. Found: verified until now + valid-for. Not found: 422 saying what the
     * check saw, and an earlier proof keeps counting until it expires.
     */
    public OwnedTarget verify(UUID tenant, UUID id, VerificationMethod method) {
        OwnedTarget target = get(tenant, id);
        if (method == VerificationMethod.DNS && TargetUrls.host(target.baseUrl()).matches("[0-9.]+|.*:.*")) {
            throw ApiException.unprocessable("An IP address has no DNS name to hold a TXT record; use method http.");
        }
        OwnershipCheck.Result result = check.check(method, target.baseUrl(), target.token());
        record(target, method, result);
        if (!result.found()) {
            throw ApiException.unprocessable("Not verified: " + result.detail() + ". " + howTo(target))
                    .type("target-not-verified");
        }
        return get(tenant, id);
    }

    /** Re-runs the check a verified target passed last; called by {@link OwnershipRecheck}. */
    void recheck(OwnedTarget target) {
        record(target, target.verifiedMethod(), check.check(target.verifiedMethod(), target.baseUrl(),
                target.token()));
    }

    private void record(OwnedTarget target, VerificationMethod method, OwnershipCheck.Result result) {
        Instant now = clock.instant();
        if (result.found()) {
            store.verified(target.id(), method, result.detail(), now, now.plus(properties.validFor()));
        } else {
            store.checkFailed(target.id(), result.detail(), now);
        }
        audit.record(target.tenantId(), result.found() ? AuditAction.TARGET_VERIFIED : AuditAction.TARGET_NOT_VERIFIED,
                target.id(), method.wire() + ": " + result.detail());
    }

    /**
     * With verification required, refuses a scan that would reach a host the tenant has not verified (403, with how
     * to verify). Does nothing when verification is off.
     */
    public void requireVerified(UUID tenant, String field, URI url) {
        if (!properties.required()) {
            return;
        }
        String host = TargetUrls.host(url);
        if (!store.verified(tenant, host, clock.instant())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Target Not Verified", field + ": " + host
                    + " is not a verified target of this tenant. Register it with POST /api/v1/targets, publish "
                    + "its token at " + OwnershipCheck.WELL_KNOWN + " or in DNS TXT " + OwnershipCheck.dnsName(host)
                    + ", then POST /api/v1/targets/{id}/verify.")
                    .type("target-not-verified").property("host", host);
        }
    }

    /**
     * The base URL of a registered target a scan names by id: 422 when the tenant has no such target, 403 with how
     * to verify when its proof is missing or expired, whatever the verification mode (naming a registered target is
     * asking for the verified one).
     */
    public URI verifiedBaseUrl(UUID tenant, UUID id) {
        OwnedTarget target = store.find(tenant, id).orElseThrow(() -> ApiException.unprocessable(
                "target.targetId: this tenant has no target " + id + " (see GET /api/v1/targets).")
                .type("unknown-target"));
        OwnedTarget.Status status = target.status(clock.instant());
        if (status != OwnedTarget.Status.VERIFIED) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Target Not Verified", "target.targetId: target \""
                    + target.name() + "\" is " + status.name().toLowerCase(Locale.ROOT) + ". " + howTo(target)
                    + " Then POST /api/v1/targets/" + id + "/verify.")
                    .type("target-not-verified").property("targetId", id).property("host", target.host());
        }
        return target.baseUrl();
    }

    public Instant now() {
        return clock.instant();
    }

    static String howTo(OwnedTarget target) {
        return "Publish " + OwnershipCheck.expected(target.token()) + " as a line of "
                + OwnershipCheck.httpUrl(target.baseUrl()) + " or as a TXT record of "
                + OwnershipCheck.dnsName(target.host()) + ".";
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
