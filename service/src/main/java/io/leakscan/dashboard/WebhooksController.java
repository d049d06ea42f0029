package io.leakscan.dashboard;

import io.leakscan.system.ApiException;
import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import io.leakscan.webhook.Delivery;
import io.leakscan.webhook.EventType;
import io.leakscan.webhook.Subscription;
import io.leakscan.webhook.WebhookApi;
import io.leakscan.webhook.WebhookService;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.SessionAttribute;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The webhooks pages: the tenant's subscriptions with a create form, one subscription with its recent deliveries and
 * their attempt logs, and the actions on them. Thin: every rule (destination guard, event names, tenant scope, when a
 * redelivery is allowed) is the webhook module's {@link WebhookService}, the same one the API calls.
 */
@Controller
@Hidden // pages, not API: kept out of the OpenAPI description
@RequiresRole(Role.ADMIN)
class WebhooksController {

    static final int DELIVERIES_PER_PAGE = 20;
    /** Session key of a secret waiting to be shown once (after create or rotate). */
    static final String PENDING_SECRET = "io.leakscan.dashboard.webhook-secret";

    private final WebhookService webhooks;
    private final Validator validator;

    WebhooksController(WebhookService webhooks, Validator validator) {
        this.webhooks = webhooks;
        this.validator = validator;
    }

    /** What the create form sends back when it has to be shown again. */
    public record Form(String url, List<String> events, String description) {
        static Form initial() {
            return new Form("", List.of("scan.leaks_found", "scan.failed"), "");
        }

        public boolean has(String event) {
            return events != null && events.contains(event);
        }
    }

    /** A secret from create or rotate, kept in the session until the next view of its subscription shows it once. */
    record PendingSecret(UUID subscriptionId, String secret, boolean created, Instant previousSecretExpiresAt)
            implements Serializable {
    }

    @GetMapping("/webhooks")
    String list(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                @RequestParam(required = false) String notice, Model model) {
        model.addAttribute("notice", notice);
        return listPage(tenantId, Form.initial(), Map.of(), model);
    }

    @PostMapping("/webhooks")
    String create(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                  @RequestParam(defaultValue = "") String url,
                  @RequestParam(required = false) List<String> events,
                  @RequestParam(defaultValue = "") String description,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Form form = new Form(url.strip(), events == null ? List.of() : List.copyOf(events), description);
        WebhookApi.CreateRequest create = new WebhookApi.CreateRequest(form.url(), form.events(),
                form.description(), true);
        // the API's bean constraints first (same messages), then the service's own rules (guard, event names)
        Map<String, String> errors = new LinkedHashMap<>();
        for (ConstraintViolation<WebhookApi.CreateRequest> v : validator.validate(create)) {
            String field = v.getPropertyPath().iterator().next().getName();
            errors.merge(field, v.getMessage(), (a, b) -> a + "; " + b);
        }
        if (errors.isEmpty()) {
            try {
                WebhookApi.SubscriptionView created = webhooks.create(tenantId, create);
                request.getSession().setAttribute(PENDING_SECRET,
                        new PendingSecret(created.id(), created.secret(), true, null));
                return "redirect:/webhooks/" + created.id();
            } catch (ApiException e) {
                if (e.status() != HttpStatus.BAD_REQUEST) {
                    throw e;
                }
                errors.putAll(fieldOf(e.getMessage()));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return listPage(tenantId, form, errors, model);
    }

    /** The service says {@code "url: 127.0.0.1 is a loopback address ..."}: the prefix names the field. */
    static Map<String, String> fieldOf(String message) {
        for (String field : List.of("url", "events", "description")) {
            if (message != null && message.startsWith(field + ": ")) {
                return Map.of(field, message.substring(field.length() + 2));
            }
        }
        return Map.of("form", message == null ? "The subscription was refused." : message);
    }

    private String listPage(UUID tenantId, Form form, Map<String, String> errors, Model model) {
        model.addAttribute("subscriptions", webhooks.list(tenantId));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("eventTypes", EventType.wireNames());
        return "dashboard/webhooks";
    }

    @GetMapping("/webhooks/{id}")
    String detail(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                  @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) String notice,
                  HttpServletRequest request, Model model) {
        model.addAttribute("notice", notice);
        return detailPage(tenantId, id, Math.clamp(page, 0, 99), takeSecret(request, id), model);
    }

    private String detailPage(UUID tenantId, UUID id, int page, PendingSecret secret, Model model) {
        Subscription subscription = webhooks.get(tenantId, id); // 404 for another tenant's
        // one more than a page tells whether there is an older page
        List<Delivery> deliveries = webhooks.deliveries(tenantId, id, 0, (page + 1) * DELIVERIES_PER_PAGE + 1);
        int from = Math.min(deliveries.size(), page * DELIVERIES_PER_PAGE);
        int to = Math.min(deliveries.size(), from + DELIVERIES_PER_PAGE);
        model.addAttribute("subscription", subscription);
        model.addAttribute("deliveries", deliveries.subList(from, to));
        model.addAttribute("page", page);
        model.addAttribute("hasOlder", deliveries.size() > to);
        model.addAttribute("secret", secret);
        model.addAttribute("pending", deliveries.subList(from, to).stream()
                .anyMatch(d -> "PENDING".equals(d.status()) || "DELIVERING".equals(d.status())));
        return "dashboard/webhook";
    }

    /** Removes the pending secret from the session as it is shown: a reload does not show it again. */
    private static PendingSecret takeSecret(HttpServletRequest request, UUID id) {
        var session = request.getSession(false);
        if (session != null && session.getAttribute(PENDING_SECRET) instanceof PendingSecret s
                && s.subscriptionId().equals(id)) {
            session.removeAttribute(PENDING_SECRET);
            return s;
        }
        return null;
    }

    @PostMapping("/webhooks/{id}/active")
    String setActive(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                     @RequestParam boolean active) {
        webhooks.update(tenantId, id, new WebhookApi.UpdateRequest(null, null, null, active));
        return "redirect:/webhooks/" + id + "?notice=" + (active ? "activated" : "deactivated");
    }

    @PostMapping("/webhooks/{id}/rotate-secret")
    String rotate(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                  HttpServletRequest request) {
        WebhookApi.SecretView rotated = webhooks.rotate(tenantId, id, null);
        request.getSession().setAttribute(PENDING_SECRET,
                new PendingSecret(id, rotated.secret(), false, rotated.previousSecretExpiresAt()));
        return "redirect:/webhooks/" + id;
    }

    /** The confirmation step: deleting also drops the delivery log, so it is never one click. */
    @GetMapping("/webhooks/{id}/delete")
    String confirmDelete(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                         Model model) {
        model.addAttribute("subscription", webhooks.get(tenantId, id));
        return "dashboard/webhook-delete";
    }

    @PostMapping("/webhooks/{id}/delete")
    String delete(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id) {
        webhooks.delete(tenantId, id);
        return "redirect:/webhooks?notice=deleted";
    }

    /**
     * Sends a finished delivery again. A delivery that is still pending, or whose subscription is off, cannot be:
     * the page is shown again with the service's reason and a 409.
     */
    @PostMapping("/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    String redeliver(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                     @PathVariable UUID deliveryId, HttpServletResponse response, Model model) {
        Delivery delivery = webhooks.delivery(tenantId, deliveryId);
        if (!id.equals(delivery.subscriptionId())) {
            throw ApiException.notFound("No webhook delivery " + deliveryId + " for this subscription.");
        }
        try {
            webhooks.redeliver(tenantId, deliveryId);
        } catch (ApiException e) {
            if (e.status() != HttpStatus.CONFLICT) {
                throw e;
            }
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("conflict", e.getMessage());
            model.addAttribute("conflictDelivery", deliveryId);
            return detailPage(tenantId, id, 0, null, model);
        }
        return "redirect:/webhooks/" + id + "?notice=redelivery-queued#delivery-" + deliveryId;
    }
}
