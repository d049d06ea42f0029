package io.leakscan.tenant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.UUID;

/** Tenant and key administration; only the configured admin key gets in ({@link ApiAccessInterceptor}). */
@RestController
@AdminApi
@RequestMapping("/api/v1/admin/tenants")
@Tag(name = "admin", description = "Tenants and API keys (admin key only)")
@SecurityRequirement(name = "bearer")
class AdminController {

    private final Tenants tenants;
    private final ApiKeys keys;
    private final TenantQuotas quotas;

    AdminController(Tenants tenants, ApiKeys keys, TenantQuotas quotas) {
        this.tenants = tenants;
        this.keys = keys;
        this.quotas = quotas;
    }

    record CreateTenant(@NotBlank @Size(max = 200) String name) {
    }

    @Schema(description = "A new tenant with its first API key (an admin key); the key is shown only in this response")
    record TenantCreated(UUID id, String name, Instant createdAt, KeyCreated apiKey) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a tenant and its first API key")
    TenantCreated createTenant(@Valid @RequestBody CreateTenant request) {
        Tenant tenant = tenants.create(request.name().strip());
        ApiKeys.IssuedKey key = keys.issue(tenant.id(), "initial");
        return new TenantCreated(tenant.id(), tenant.name(), tenant.createdAt(), KeyCreated.of(key));
    }

    @PostMapping("/{tenantId}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create another API key for a tenant (role admin unless the body names another)")
    KeyCreated createKey(@PathVariable UUID tenantId, @Valid @RequestBody(required = false) CreateKey request) {
        if (request == null) {
            return KeyCreated.of(keys.issue(tenantId, null));
        }
        return KeyCreated.of(keys.issue(tenantId, request.name(), request.role() == null ? Role.ADMIN : request.role(),
                request.expiresAt()));
    }

    @DeleteMapping("/{tenantId}/keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke an API key; it stops working at once")
    void revokeKey(@PathVariable UUID tenantId, @PathVariable UUID keyId) {
        keys.revoke(tenantId, keyId);
    }

    @Schema(description = "A tenant's quota overrides (null: the configured default) and the quotas in force")
    record QuotaView(Quota overrides, Quota effective) {
    }

    @GetMapping("/{tenantId}/quota")
    @Operation(summary = "A tenant's quota overrides and the quotas in force")
    QuotaView quota(@PathVariable UUID tenantId) {
        return new QuotaView(quotas.overrides(tenantId), quotas.effective(tenantId));
    }

    @PutMapping("/{tenantId}/quota")
    @Operation(summary = "Set a tenant's quota overrides; a null or missing member falls back to the default")
    QuotaView setQuota(@PathVariable UUID tenantId, @Valid @RequestBody Quota overrides) {
        quotas.override(tenantId, overrides);
        return new QuotaView(quotas.overrides(tenantId), quotas.effective(tenantId));
    }
}
