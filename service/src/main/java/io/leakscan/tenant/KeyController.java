package io.leakscan.tenant;

import io.leakscan.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** A tenant's admin manages its own tenant's keys; no key can see or touch another tenant's. */
@RestController
@RequiresRole(Role.ADMIN)
@RequestMapping(path = "/api/v1/keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "keys", description = "The calling tenant's API keys (admin role)")
@SecurityRequirement(name = "bearer")
class KeyController {

    private final ApiKeys keys;

    KeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a key with a role (read, scan, admin) and an optional expiry; the key is shown once")
    KeyCreated create(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                      @Valid @RequestBody CreateKey request) {
        if (request.role() == null) {
            throw ApiException.badRequest("role is required: one of read, scan, admin.");
        }
        return KeyCreated.of(keys.issue(tenantId, request.name(), request.role(), request.expiresAt()));
    }

    @GetMapping
    @Operation(summary = "The tenant's keys, revoked and expired ones included; never the keys themselves")
    List<KeyView> list(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId) {
        return keys.list(tenantId);
    }

    @DeleteMapping("/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke a key of the tenant; it stops working at once")
    void revoke(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                @PathVariable UUID keyId) {
        keys.revoke(tenantId, keyId);
    }
}
