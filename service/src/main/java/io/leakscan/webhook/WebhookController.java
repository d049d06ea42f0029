package io.leakscan.webhook;

import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** REST API v1 for webhooks. Thin: HTTP in, a {@link WebhookService} call, HTTP out. */
@RestController
// webhooks decide where a tenant's scan results are sent, and their delivery log holds what the receiver answered
@RequiresRole(Role.ADMIN)
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "webhooks", description = "Signed notifications when scans end: subscriptions, secrets, deliveries")
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "404", description = "No such subscription or delivery for this tenant", content = @Content(
        mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
class WebhookController {

    private final WebhookService webhooks;
    private final Clock clock;

    WebhookController(WebhookService webhooks, Clock clock) {
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Subscribe a URL to scan events",
            description = "The answer carries the signing secret; it is not shown again (rotate to get a new one).")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "Invalid body, unknown event, or a URL that is not http(s) or "
            + "points at a refused address (loopback, private, link-local, cloud metadata)", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<WebhookApi.SubscriptionView> create(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
            @Valid @RequestBody WebhookApi.CreateRequest request) {
        WebhookApi.SubscriptionView created = webhooks.create(tenantId, request);
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(summary = "The tenant's subscriptions")
    List<WebhookApi.SubscriptionView> list(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId) {
        return webhooks.list(tenantId).stream()
                .map(s -> WebhookApi.SubscriptionView.of(s, null, clock.instant())).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One subscription, with its failure count and whether it was disabled")
    WebhookApi.SubscriptionView get(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                                    @PathVariable UUID id) {
        return WebhookApi.SubscriptionView.of(webhooks.get(tenantId, id), null, clock.instant());
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change url, events, description or active",
            description = "active=true re-enables a subscription the server disabled and clears its failure count.")
    @ApiResponse(responseCode = "400", description = "Invalid body or refused URL", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    WebhookApi.SubscriptionView update(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
            @PathVariable UUID id, @Valid @RequestBody WebhookApi.UpdateRequest request) {
        return WebhookApi.SubscriptionView.of(webhooks.update(tenantId, id, request), null, clock.instant());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a subscription and its delivery log")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                                @PathVariable UUID id) {
        webhooks.delete(tenantId, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(summary = "Rotate the signing secret",
            description = "Returns the new secret once. Until previousSecretExpiresAt every delivery carries two "
                    + "v1= signatures, one per secret, so receivers can switch without dropping events.")
    WebhookApi.SecretView rotate(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                                 @PathVariable UUID id,
                                 @Valid @RequestBody(required = false) WebhookApi.RotateRequest request) {
        return webhooks.rotate(tenantId, id, request == null ? null : request.overlapSeconds());
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The subscription's deliveries, newest first, each with its attempt log")
    WebhookApi.DeliveryPage deliveries(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return new WebhookApi.DeliveryPage(webhooks.deliveries(tenantId, id, page, size).stream()
                .map(WebhookApi.DeliveryView::of).toList(), page, size);
    }

    @GetMapping("/deliveries")
    @Operation(summary = "Every delivery of one scan (subscriptions and the scan's own callbackUrl)")
    List<WebhookApi.DeliveryView> deliveriesOfScan(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
            @RequestParam UUID scanId) {
        return webhooks.deliveriesOfScan(tenantId, scanId).stream().map(WebhookApi.DeliveryView::of).toList();
    }

    @GetMapping("/deliveries/{id}")
    @Operation(summary = "One delivery with its attempt log")
    WebhookApi.DeliveryView delivery(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
            @PathVariable UUID id) {
        return WebhookApi.DeliveryView.of(webhooks.delivery(tenantId, id));
    }

    @PostMapping("/deliveries/{id}/redeliver")
    @Operation(summary = "Send a finished delivery again",
            description = "Same event id and body, a fresh attempt budget; the attempt log continues.")
    @ApiResponse(responseCode = "202", description = "Queued")
    @ApiResponse(responseCode = "409", description = "Still pending, or its subscription is disabled", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<WebhookApi.DeliveryView> redeliver(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
            @PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(WebhookApi.DeliveryView.of(webhooks.redeliver(tenantId, id)));
    }

    @GetMapping("/callback-secret")
    @Operation(summary = "Rotation state of the tenant's callback secret (never the secret itself)",
            description = "A scan's own callbackUrl gets its events signed with the tenant's callback secret.")
    WebhookApi.CallbackSecretStatus callbackSecret(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId) {
        return webhooks.callbackSecretStatus(tenantId);
    }

    @PostMapping("/callback-secret/rotate")
    @Operation(summary = "Rotate the tenant's callback secret and show the new one once",
            description = "The secret made with the tenant is never shown: rotate once to learn one. The previous "
                    + "secret keeps signing until previousSecretExpiresAt.")
    WebhookApi.SecretView rotateCallbackSecret(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
            @Valid @RequestBody(required = false) WebhookApi.RotateRequest request) {
        return webhooks.rotateCallbackSecret(tenantId, request == null ? null : request.overlapSeconds());
    }
}
