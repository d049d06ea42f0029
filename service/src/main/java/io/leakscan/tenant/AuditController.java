package io.leakscan.tenant;

import io.leakscan.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** A tenant admin reads its tenant's audit log, newest first, a page at a time. */
@RestController
@RequiresRole(Role.ADMIN)
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "audit", description = "Security-relevant actions of the calling tenant (admin role)")
@SecurityRequirement(name = "bearer")
class AuditController {

    private static final int MAX_LIMIT = 500;

    /** @param next the {@code before} of the next page, null on the last */
    record AuditPage(List<AuditLog.Entry> entries, Long next) {
    }

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Key, target, webhook and quota actions, and quota refusals, newest first; "
            + "page with before=<next>")
    AuditPage list(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                   @RequestParam(required = false) Long before,
                   @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit: 1 to " + MAX_LIMIT + ".");
        }
        List<AuditLog.Entry> entries = audit.list(tenantId, before, limit + 1);
        boolean more = entries.size() > limit;
        List<AuditLog.Entry> page = more ? entries.subList(0, limit) : entries;
        return new AuditPage(page, more ? page.getLast().id() : null);
    }
}
