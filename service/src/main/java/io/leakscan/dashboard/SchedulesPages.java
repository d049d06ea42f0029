package io.leakscan.dashboard;

import io.leakscan.ownership.OwnedTarget;
import io.leakscan.ownership.OwnedTargets;
import io.leakscan.scan.Profile;
import io.leakscan.schedule.Schedule;
import io.leakscan.schedule.Schedules;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tenant's scan schedules with their target's name, next and last run: what {@code /api/v1/schedules} lists.
 * Admins create one (target, cron, profile, an OpenAPI inventory) and delete them, through the same {@link Schedules}
 * rules as the API; a refusal is shown on the form as the API's problem (status, title, detail).
 */
@Controller
@Hidden // pages, not API: kept out of the OpenAPI description
class SchedulesPages {

    private final Schedules schedules;
    private final OwnedTargets targets;
    private final JsonMapper json;

    SchedulesPages(Schedules schedules, OwnedTargets targets, JsonMapper json) {
        this.schedules = schedules;
        this.targets = targets;
        this.json = json;
    }

    /** One schedule as the page shows it; {@code targetName} is null if the target went away meanwhile. */
    public record Row(Schedule schedule, String targetName, String targetUrl, String profile) {
    }

    /** What the create form sends back when it has to be shown again. */
    public record Form(String targetId, String cron, String zone, String profile, String inventory) {
        static Form initial() {
            return new Form("", "0 0 3 * * *", "UTC", Profile.MEMORY.wire(), "");
        }
    }

    /** A refusal as the API would send it (RFC 9457): shown above the form. */
    public record Problem(int status, String title, String detail) {
    }

    @GetMapping("/schedules")
    String list(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                @RequestParam(required = false) String notice, Model model) {
        model.addAttribute("notice", notice);
        return page(tenantId, Form.initial(), null, model);
    }

    @PostMapping("/schedules")
    @RequiresRole(Role.ADMIN)
    String create(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                  @RequestParam(defaultValue = "") String targetId, @RequestParam(defaultValue = "") String cron,
                  @RequestParam(defaultValue = "") String zone, @RequestParam(defaultValue = "") String profile,
                  @RequestParam(defaultValue = "") String inventory, HttpServletResponse response, Model model) {
        Form form = new Form(targetId.strip(), cron.strip(), zone.strip(), profile.strip(), inventory.strip());
        try {
            Schedule created = schedules.create(tenantId, target(form.targetId()), form.cron(), form.zone(),
                    scan(form));
            return "redirect:/schedules?notice=created#schedule-" + created.id();
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            return page(tenantId, form, new Problem(e.status().value(), e.title(), e.getMessage()), model);
        }
    }

    @PostMapping("/schedules/{id}/delete")
    @RequiresRole(Role.ADMIN)
    String delete(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id) {
        schedules.delete(tenantId, id); // 404 for another tenant's
        return "redirect:/schedules?notice=deleted";
    }

    private static UUID target(String id) {
        if (id.isEmpty()) {
            throw ApiException.badRequest("targetId is required: register a target on the Targets page first.");
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("targetId: not a target id.");
        }
    }

    /** The scan request without its target, as the API takes it: the profile and, when given, the inventory. */
    private ObjectNode scan(Form form) {
        ObjectNode scan = json.createObjectNode();
        if (!form.profile().isEmpty()) {
            scan.put("profile", form.profile()); // an unknown one is refused by the scan request's own rule
        }
        if (!form.inventory().isEmpty()) {
            scan.putObject("inventory").putObject("openapi").put("url", form.inventory());
        }
        return scan;
    }

    private String page(UUID tenantId, Form form, Problem problem, Model model) {
        List<OwnedTarget> owned = targets.list(tenantId);
        Map<UUID, OwnedTarget> byId = owned.stream().collect(Collectors.toMap(OwnedTarget::id, Function.identity()));
        List<Row> rows = schedules.list(tenantId).stream().map(s -> {
            OwnedTarget t = byId.get(s.targetId());
            return new Row(s, t == null ? null : t.name(), t == null ? null : t.baseUrl().toString(),
                    json.readTree(s.scan()).path("profile").asString("memory"));
        }).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("targets", owned);
        model.addAttribute("profiles", Profile.values());
        model.addAttribute("form", form);
        model.addAttribute("problem", problem);
        return "dashboard/schedules";
    }
}
