package io.leakscan.webhook;

import io.leakscan.system.ApiException;
import io.leakscan.tenant.AuditAction;
import io.leakscan.tenant.AuditLog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** Subscriptions, secrets and deliveries as the API sees them; every lookup is scoped to the tenant. */
@Service
public class WebhookService {

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final CallbackSecrets callbackSecrets;
    private final DestinationGuard guard;
    private final WebhookDispatcher dispatcher;
    private final WebhookProperties properties;
    private final Clock clock;
    private final AuditLog audit;

    WebhookService(SubscriptionStore subscriptions, DeliveryStore deliveries, CallbackSecrets callbackSecrets,
                   DestinationGuard guard, WebhookDispatcher dispatcher, WebhookProperties properties, Clock clock,
                   AuditLog audit) {
        this.audit = audit;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.callbackSecrets = callbackSecrets;
        this.guard = guard;
        this.dispatcher = dispatcher;
        this.properties = properties;
        this.clock = clock;
    }

    /** @return the subscription and its secret (shown once) */
    @Transactional
    public WebhookApi.SubscriptionView create(UUID tenantId, WebhookApi.CreateRequest request) {
        URI url = destination(request.url());
        Instant now = now();
        String secret = Signatures.newSecret();
        Subscription s = new Subscription(UUID.randomUUID(), tenantId, url.toString(), events(request.events()),
                blankToNull(request.description()), request.active() == null || request.active(), secret, null,
                null, 0, null, null, now, now);
        subscriptions.insert(s);
        audit.record(tenantId, AuditAction.WEBHOOK_CREATED, s.id(), s.url() + " for " + String.join(", ", s.events()));
        return WebhookApi.SubscriptionView.of(s, secret, now);
    }

    public Subscription get(UUID tenantId, UUID id) {
        return subscriptions.find(tenantId, id).orElseThrow(() -> notFound(id));
    }

    public List<Subscription> list(UUID tenantId) {
        return subscriptions.list(tenantId);
    }

    @Transactional
    public Subscription update(UUID tenantId, UUID id, WebhookApi.UpdateRequest request) {
        Subscription s = get(tenantId, id);
        String url = request.url() == null ? s.url() : destination(request.url()).toString();
        List<String> events = request.events() == null ? s.events() : events(request.events());
        String description = request.description() == null ? s.description() : blankToNull(request.description());
        boolean active = request.active() == null ? s.active() : request.active();
        Instant now = now();
        subscriptions.update(new Subscription(s.id(), tenantId, url, events, description, active, s.secret(),
                s.previousSecret(), s.previousSecretExpiresAt(), s.consecutiveFailures(), s.disabledAt(),
                s.disabledReason(), s.createdAt(), now), now);
        if (s.active() && !active) {
            deliveries.failPending(id, "subscription deactivated", now);
        }
        audit.record(tenantId, AuditAction.WEBHOOK_CHANGED, id, url + " for " + String.join(", ", events)
                + (active ? "" : ", inactive"));
        return get(tenantId, id);
    }

    public void delete(UUID tenantId, UUID id) {
        if (!subscriptions.delete(tenantId, id)) {
            throw notFound(id);
        }
        audit.record(tenantId, AuditAction.WEBHOOK_DELETED, id, null);
    }

    @Transactional
    public WebhookApi.SecretView rotate(UUID tenantId, UUID id, Long overlapSeconds) {
        get(tenantId, id);
        Instant now = now();
        Instant expires = now.plus(overlap(overlapSeconds));
        String secret = Signatures.newSecret();
        subscriptions.rotate(tenantId, id, secret, expires, now);
        audit.record(tenantId, AuditAction.WEBHOOK_SECRET_ROTATED, id, "the previous secret works until " + expires);
        return new WebhookApi.SecretView(secret, expires);
    }

    WebhookApi.SecretView rotateCallbackSecret(UUID tenantId, Long overlapSeconds) {
        Instant now = now();
        CallbackSecrets.State state = callbackSecrets.rotate(tenantId, now.plus(overlap(overlapSeconds)), now);
        audit.record(tenantId, AuditAction.CALLBACK_SECRET_ROTATED, null,
                "the previous secret works until " + state.previousSecretExpiresAt());
        return new WebhookApi.SecretView(state.secret(), state.previousSecretExpiresAt());
    }

    WebhookApi.CallbackSecretStatus callbackSecretStatus(UUID tenantId) {
        Instant now = now();
        return callbackSecrets.state(tenantId)
                .map(s -> new WebhookApi.CallbackSecretStatus(s.rotatedAt(),
                        s.previousSecretExpiresAt() != null && s.previousSecretExpiresAt().isAfter(now)
                                ? s.previousSecretExpiresAt() : null))
                .orElseThrow(() -> ApiException.notFound("No such tenant."));
    }

    public List<Delivery> deliveries(UUID tenantId, UUID subscriptionId, int page, int size) {
        get(tenantId, subscriptionId);
        return deliveries.listForSubscription(tenantId, subscriptionId, page, size);
    }

    List<Delivery> deliveriesOfScan(UUID tenantId, UUID scanId) {
        return deliveries.listForScan(tenantId, scanId);
    }

    public Delivery delivery(UUID tenantId, UUID id) {
        return deliveries.find(tenantId, id)
                .orElseThrow(() -> ApiException.notFound("No webhook delivery " + id + "."));
    }

    /** Sends a finished delivery again (same event id and body, a fresh attempt budget). */
    @Transactional
    public Delivery redeliver(UUID tenantId, UUID id) {
        Delivery d = delivery(tenantId, id);
        if (d.subscriptionId() != null && !get(tenantId, d.subscriptionId()).active()) {
            throw ApiException.conflict("Subscription " + d.subscriptionId()
                    + " is disabled; set active to true before redelivering.");
        }
        if (!deliveries.requeue(tenantId, id, now())) {
            throw ApiException.conflict("Delivery " + id + " is " + d.status()
                    + "; only a SUCCEEDED or FAILED delivery can be redelivered.");
        }
        afterCommitNudge();
        return delivery(tenantId, id);
    }

    private void afterCommitNudge() {
        TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        dispatcher.nudge();
                    }
                });
    }

    private URI destination(String url) {
        try {
            return guard.validate(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("url: " + e.getMessage());
        }
    }

    private static List<String> events(List<String> names) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String name : names) {
            if (EventType.ofWire(name).isEmpty()) {
                throw ApiException.badRequest("events: '" + name + "' is not an event; use "
                        + String.join(", ", EventType.wireNames()) + ".");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    /** Microseconds, as PostgreSQL keeps them, so what we answer is what a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Duration overlap(Long seconds) {
        return seconds == null ? properties.secretOverlap() : Duration.ofSeconds(seconds);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("No webhook subscription " + id + ".");
    }
}
