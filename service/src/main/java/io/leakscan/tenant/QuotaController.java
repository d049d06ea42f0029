package io.leakscan.tenant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** A tenant's own view of its quotas and how much of them it uses. */
@RestController
@Tag(name = "quota", description = "The calling tenant's quotas and usage")
@SecurityRequirement(name = "bearer")
class QuotaController {

    private final TenantQuotas quotas;

    QuotaController(TenantQuotas quotas) {
        this.quotas = quotas;
    }

    @GetMapping(path = "/api/v1/quota", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The quotas in force for the calling tenant (null: no limit) and its current usage")
    TenantQuotas.Usage quota(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId) {
        return quotas.usage(tenantId);
    }
}
