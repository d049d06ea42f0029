package io.leakscan.dashboard;

import io.leakscan.tenant.AuditLog;
import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.SessionAttribute;

import java.util.List;
import java.util.UUID;

/** The tenant's audit log, newest first, with who acted: the same entries as {@code GET /api/v1/audit}. */
@Controller
@Hidden // pages, not API: kept out of the OpenAPI description
@RequiresRole(Role.ADMIN)
class AuditPages {

    static final int PAGE_SIZE = 50;

    private final AuditLog audit;

    AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    String list(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                @RequestParam(required = false) Long before, Model model) {
        List<AuditLog.Entry> entries = audit.list(tenantId, before, PAGE_SIZE + 1);
        boolean more = entries.size() > PAGE_SIZE;
        List<AuditLog.Entry> page = more ? entries.subList(0, PAGE_SIZE) : entries;
        model.addAttribute("entries", page);
        model.addAttribute("next", more ? page.getLast().id() : null);
        model.addAttribute("paged", before != null);
        return "dashboard/audit";
    }
}
