package io.leakscan.dashboard;

import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.SessionAttribute;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The tenant's API keys: list, create (the key is shown once), revoke. The same {@link ApiKeys} rules as the API's
 * {@code /api/v1/keys}; only a key with the admin role gets here.
 */
@Controller
@Hidden // pages, not API: kept out of the OpenAPI description
@RequiresRole(Role.ADMIN)
class KeysController {

    /** Session key of a new key waiting to be shown once, on the next view of the page. */
    static final String PENDING_KEY = "io.leakscan.dashboard.new-key";
    static final int MAX_DAYS = 3650;

    private final ApiKeys keys;
    private final Clock clock;

    KeysController(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** What the create form sends back when it has to be shown again. */
    public record Form(String name, String role, String expiresInDays) {
        static Form initial() {
            return new Form("", Role.READ.wire(), "");
        }
    }

    record NewKey(String key, String name, Role role, Instant expiresAt) implements Serializable {
    }

    @GetMapping("/keys")
    String list(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                @RequestParam(required = false) String notice, HttpServletRequest request, Model model) {
        model.addAttribute("notice", notice);
        var session = request.getSession(false);
        if (session != null && session.getAttribute(PENDING_KEY) instanceof NewKey created) {
            session.removeAttribute(PENDING_KEY); // shown once: a reload does not show it again
            model.addAttribute("created", created);
        }
        return page(tenantId, Form.initial(), Map.of(), model);
    }

    @PostMapping("/keys")
    String create(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                  @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String role,
                  @RequestParam(defaultValue = "") String expiresInDays,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Form form = new Form(name.strip(), role, expiresInDays.strip());
        Map<String, String> errors = new LinkedHashMap<>();
        if (form.name().length() > 200) {
            errors.put("name", "must be at most 200 characters");
        }
        Role chosen = null;
        try {
            chosen = Role.fromWire(role);
        } catch (IllegalArgumentException e) {
            errors.put("role", e.getMessage());
        }
        Instant expiresAt = null;
        if (!form.expiresInDays().isEmpty()) {
            try {
                int days = Integer.parseInt(form.expiresInDays());
                if (days < 1 || days > MAX_DAYS) {
                    throw new NumberFormatException();
                }
                expiresAt = clock.instant().plus(Duration.ofDays(days));
            } catch (NumberFormatException e) {
                errors.put("expiresInDays", "must be a whole number of days from 1 to " + MAX_DAYS + ", or empty");
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(tenantId, form, errors, model);
        }
        ApiKeys.IssuedKey issued = keys.issue(tenantId, form.name().isEmpty() ? null : form.name(), chosen, expiresAt);
        request.getSession().setAttribute(PENDING_KEY,
                new NewKey(issued.key(), issued.name(), issued.role(), issued.expiresAt()));
        return "redirect:/keys";
    }

    @PostMapping("/keys/{id}/revoke")
    String revoke(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id) {
        keys.revoke(tenantId, id); // 404 for another tenant's
        return "redirect:/keys?notice=revoked";
    }

    private String page(UUID tenantId, Form form, Map<String, String> errors, Model model) {
        model.addAttribute("keys", keys.list(tenantId));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("roles", Role.values());
        model.addAttribute("now", clock.instant());
        return "dashboard/keys";
    }
}
