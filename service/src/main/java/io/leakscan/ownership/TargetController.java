package io.leakscan.ownership;

import io.leakscan.system.ApiException;
import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/** The calling tenant's targets; admins register, verify and remove them, every role reads them. */
@RestController
@RequestMapping(path = "/api/v1/targets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "targets", description = "Targets of the calling tenant and the proof that it controls their hosts")
@SecurityRequirement(name = "bearer")
class TargetController {

    record CreateTarget(String name, String baseUrl) {
    }

    record Verify(String method) {
    }

    private final OwnedTargets targets;

    TargetController(OwnedTargets targets) {
        this.targets = targets;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Register a target; the answer says what to publish to verify it")
    TargetView create(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                      @RequestBody CreateTarget request) {
        return TargetView.of(targets.create(tenantId, request.name(), request.baseUrl()), targets.now());
    }

    @GetMapping
    @Operation(summary = "The tenant's targets with their verification status")
    List<TargetView> list(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId) {
        return targets.list(tenantId).stream().map(t -> TargetView.of(t, targets.now())).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One target with its verification status")
    TargetView get(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                   @PathVariable UUID id) {
        return TargetView.of(targets.get(tenantId, id), targets.now());
    }

    @PostMapping(path = "/{id}/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Check the token now, by http (/.well-known/leakscan-verification.txt) or dns "
            + "(TXT _leakscan.<host>); 422 says what the check saw")
    TargetView verify(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                      @PathVariable UUID id, @RequestBody Verify request) {
        VerificationMethod method;
        try {
            method = VerificationMethod.fromWire(request.method());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage() + ".");
        }
        return TargetView.of(targets.verify(tenantId, id, method), targets.now());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Remove a target; with verification required, its host can no longer be scanned")
    void delete(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                @PathVariable UUID id) {
        targets.delete(tenantId, id);
    }
}
