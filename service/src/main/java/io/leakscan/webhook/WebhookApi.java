package io.leakscan.webhook;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The request and response bodies of {@code /api/v1/webhooks}. */
public final class WebhookApi {

    private WebhookApi() {
    }

    @Schema(name = "WebhookCreate", description = "A new subscription")
    public record CreateRequest(
            @NotBlank @Size(max = 2048)
            @Schema(description = "Absolute http(s) URL; must resolve to public addresses unless the server allows "
                    + "private destinations", example = "https://hooks.example.com/leakscan",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String url,
            @NotEmpty @Size(max = 4)
            @ArraySchema(schema = @Schema(allowableValues = {"scan.succeeded", "scan.failed", "scan.cancelled",
                    "scan.leaks_found"}))
            List<@NotNull String> events,
            @Size(max = 500) String description,
            @Schema(defaultValue = "true") Boolean active) {
    }

    @Schema(name = "WebhookUpdate", description = "Fields to change; absent fields stay as they are. Setting "
            + "active to true re-enables a disabled subscription and clears its failure count.")
    public record UpdateRequest(@Size(max = 2048) String url,
                         @Size(min = 1, max = 4) List<@NotNull String> events,
                         @Size(max = 500) String description,
                         Boolean active) {
    }

    @Schema(name = "WebhookSecretRotation", description = "How long the previous secret keeps signing")
    record RotateRequest(@Min(0) @Max(7 * 24 * 3600)
                         @Schema(description = "Seconds the previous secret still signs (default 86400)")
                         Long overlapSeconds) {
    }

    @Schema(name = "Webhook", description = "A subscription; the secret is only in the answers to create and rotate")
    public record SubscriptionView(UUID id, String url, List<String> events, String description, boolean active,
                            @Schema(description = "Set when the server disabled it (too many failed attempts)")
                            Disabled disabled,
                            int consecutiveFailures,
                            @Schema(description = "While set and in the future, the previous secret signs too")
                            Instant previousSecretExpiresAt,
                            Instant createdAt, Instant updatedAt,
                            @Schema(description = "Only in the answer to create: store it, it is not shown again")
                            String secret) {

        static SubscriptionView of(Subscription s, String secret, Instant now) {
            Instant overlap = s.previousSecretExpiresAt() != null && s.previousSecretExpiresAt().isAfter(now)
                    ? s.previousSecretExpiresAt() : null;
            return new SubscriptionView(s.id(), s.url(), s.events(), s.description(), s.active(),
                    s.disabledAt() == null ? null : new Disabled(s.disabledAt(), s.disabledReason()),
                    s.consecutiveFailures(), overlap, s.createdAt(), s.updatedAt(), secret);
        }
    }

    public record Disabled(Instant at, String reason) {
    }

    @Schema(name = "WebhookSecret", description = "A new signing secret, shown this once")
    public record SecretView(String secret, Instant previousSecretExpiresAt) {
    }

    @Schema(name = "WebhookCallbackSecretStatus", description = "The callback secret's rotation state (not the secret)")
    record CallbackSecretStatus(Instant rotatedAt, Instant previousSecretExpiresAt) {
    }

    @Schema(name = "WebhookDelivery", description = "One event to one destination, with every attempt")
    record DeliveryView(UUID id, UUID subscriptionId, UUID scanId, UUID eventId, String eventType, String url,
                        @Schema(allowableValues = {"PENDING", "DELIVERING", "SUCCEEDED", "FAILED"}) String status,
                        int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant finishedAt,
                        List<Delivery.Attempt> attemptLog) {

        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.subscriptionId(), d.scanId(), d.eventId(), d.eventType(), d.url(),
                    d.status(), d.attempts(), d.nextAttemptAt(), d.lastError(), d.createdAt(), d.finishedAt(),
                    d.attemptLog());
        }
    }

    record DeliveryPage(List<DeliveryView> items, int page, int size) {
    }
}
