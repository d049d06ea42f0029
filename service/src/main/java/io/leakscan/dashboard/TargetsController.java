package io.leakscan.dashboard;

import io.leakscan.ownership.OwnedTarget;
import io.leakscan.ownership.OwnedTargets;
import io.leakscan.ownership.TargetView;
import io.leakscan.ownership.VerificationMethod;
import io.leakscan.system.ApiException;
import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.SessionAttribute;

import java.util.Map;
import java.util.UUID;

/**
 * The tenant's targets: each one's verification status and what to publish to verify it; admins register targets
 * and run the check. The same {@link OwnedTargets} rules as {@code /api/v1/targets}.
 */
@Controller
@Hidden // pages, not API: kept out of the OpenAPI description
class TargetsController {

    private final OwnedTargets targets;

    TargetsController(OwnedTargets targets) {
        this.targets = targets;
    }

    /** What the register form sends back when it has to be shown again. */
    public record Form(String name, String baseUrl) {
    }

    /** The outcome of a check that did not verify, shown beside its target. */
    public record CheckFailed(UUID targetId, String detail) {
    }

    @GetMapping("/targets")
    String list(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                @RequestParam(required = false) String notice, Model model) {
        model.addAttribute("notice", notice);
        return page(tenantId, new Form("", ""), Map.of(), null, model);
    }

    @PostMapping("/targets")
    @RequiresRole(Role.ADMIN)
    String register(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                    @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String baseUrl,
                    HttpServletResponse response, Model model) {
        Form form = new Form(name.strip(), baseUrl.strip());
        try {
            OwnedTarget created = targets.create(tenantId, form.name(), form.baseUrl());
            return "redirect:/targets?notice=registered#target-" + created.id();
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            return page(tenantId, form, Map.of("form", e.getMessage()), null, model);
        }
    }

    @PostMapping("/targets/{id}/verify")
    @RequiresRole(Role.ADMIN)
    String verify(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                  @RequestParam(defaultValue = "") String method, HttpServletResponse response, Model model) {
        VerificationMethod chosen;
        try {
            chosen = VerificationMethod.fromWire(method);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage() + ".");
        }
        try {
            targets.verify(tenantId, id, chosen); // 404 for another tenant's
            return "redirect:/targets?notice=verified#target-" + id;
        } catch (ApiException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            return page(tenantId, new Form("", ""), Map.of(), new CheckFailed(id, e.getMessage()), model);
        }
    }

    private String page(UUID tenantId, Form form, Map<String, String> errors, CheckFailed failed, Model model) {
        model.addAttribute("targets", targets.list(tenantId).stream()
                .map(t -> TargetView.of(t, targets.now())).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("checkFailed", failed);
        model.addAttribute("verificationRequired", targets.verificationRequired());
        return "dashboard/targets";
    }
}
