/**
 * Webhooks: signed notifications when scans end.
 *
 * <ul>
 * <li>{@link io.leakscan.webhook.WebhookOutbox}: on {@code ScanFinished}, inside the scan's final transaction, writes
 * one {@code webhook_deliveries} row per event and destination (subscriptions and the scan's own callbackUrl) with
 * the payload frozen ({@link io.leakscan.webhook.Payloads}); after commit it wakes the dispatcher.</li>
 * <li>{@link io.leakscan.webhook.WebhookDispatcher}: on every node, claims due rows with SKIP LOCKED, signs
 * ({@link io.leakscan.webhook.Signatures}), sends ({@link io.leakscan.webhook.WebhookSender}), logs the attempt and
 * schedules the next one ({@link io.leakscan.webhook.Backoff}) or ends the delivery; disables a subscription after
 * the configured run of failures.</li>
 * <li>{@link io.leakscan.webhook.DestinationGuard}: public destinations only unless configured otherwise, enforced
 * on save and, through the target module's AddressGuard and Netty resolver, at every connect.</li>
 * <li>{@link io.leakscan.webhook.WebhookController}: {@code /api/v1/webhooks}, tenant-scoped.</li>
 * </ul>
 */
package io.leakscan.webhook;
