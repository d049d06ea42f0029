package io.leakscan.dashboard;

import io.leakscan.ownership.OwnedTarget;
import io.leakscan.ownership.OwnedTargets;
import io.leakscan.schedule.Schedule;
import io.leakscan.schedule.Schedules;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.SessionAttribute;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The tenant's scan schedules with their target's name, next and last run: what {@code /api/v1/schedules} lists. */
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

    @GetMapping("/schedules")
    String list(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, Model model) {
        Map<UUID, OwnedTarget> byId = targets.list(tenantId).stream()
                .collect(Collectors.toMap(OwnedTarget::id, Function.identity()));
        List<Row> rows = schedules.list(tenantId).stream().map(s -> {
            OwnedTarget t = byId.get(s.targetId());
            return new Row(s, t == null ? null : t.name(), t == null ? null : t.baseUrl().toString(),
                    json.readTree(s.scan()).path("profile").asString("memory"));
        }).toList();
        model.addAttribute("rows", rows);
        return "dashboard/schedules";
    }
}
