package io.leakscan.webhook;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.leakscan.webhook.SubscriptionStore.instant;
import static io.leakscan.webhook.SubscriptionStore.ts;

/**
 * The outbox. Rows are inserted in the transaction that ends a scan, claimed with {@code FOR UPDATE SKIP LOCKED} by
 * any node, and every status write after a claim is guarded by {@code locked_by}, so a node whose lease ran out
 * cannot overwrite what the node that took over wrote.
 */
@Repository
class DeliveryStore {

    private static final String COLUMNS = """
            id, tenant_id, subscription_id, scan_id, event_id, event_type, url, status, attempts, next_attempt_at,
            last_error, created_at, finished_at""";

    private final JdbcClient jdbc;

    DeliveryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Enqueues one event for one destination, due now; a second enqueue of the same pair is a no-op. */
    void enqueue(UUID tenantId, UUID subscriptionId, UUID scanId, UUID eventId, String eventType, String url,
                 String payload, Instant now) {
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (id, tenant_id, subscription_id, scan_id, event_id, event_type,
                            url, payload, status, next_attempt_at, created_at)
                        VALUES (:id, :tenant, :subscription, :scan, :event, :type, :url, :payload, 'PENDING', :now, :now)
                        ON CONFLICT DO NOTHING""")
                .param("id", UUID.randomUUID()).param("tenant", tenantId).param("subscription", subscriptionId)
                .param("scan", scanId).param("event", eventId).param("type", eventType).param("url", url)
                .param("payload", payload).param("now", ts(now))
                .update();
    }

    /**
     * Claims up to {@code limit} due deliveries: pending ones whose time has come and ones whose sender stopped
     * (lease expired). Counts the attempt at the claim, so a crash mid-send still uses one up.
     */
    List<Delivery.Claimed> claim(String node, int limit, Instant now, Instant lockedUntil) {
        return jdbc.sql("""
                        WITH due AS (
                            SELECT d.id FROM webhook_deliveries d
                            WHERE ((d.status = 'PENDING' AND d.next_attempt_at <= :now)
                                   OR (d.status = 'DELIVERING' AND d.locked_until < :now))
                              AND NOT EXISTS (SELECT 1 FROM webhook_subscriptions s
                                              WHERE s.id = d.subscription_id AND NOT s.active)
                            ORDER BY d.next_attempt_at NULLS FIRST, d.id
                            LIMIT :limit
                            FOR UPDATE OF d SKIP LOCKED)
                        UPDATE webhook_deliveries w SET status = 'DELIVERING', locked_by = :node,
                            locked_until = :until, attempts = w.attempts + 1, round_attempts = w.round_attempts + 1
                        FROM due WHERE w.id = due.id
                        RETURNING w.id, w.tenant_id, w.subscription_id, w.scan_id, w.event_id, w.event_type, w.url,
                            w.payload, w.attempts, w.round_attempts""")
                .param("now", ts(now)).param("limit", limit).param("node", node).param("until", ts(lockedUntil))
                .query((rs, n) -> new Delivery.Claimed(rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class), rs.getObject("subscription_id", UUID.class),
                        rs.getObject("scan_id", UUID.class), rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"), rs.getString("url"), rs.getString("payload"),
                        rs.getInt("attempts"), rs.getInt("round_attempts")))
                .list();
    }

    /** Points a claimed delivery at its subscription's new URL. */
    void retarget(UUID id, String node, String url) {
        jdbc.sql("UPDATE webhook_deliveries SET url = :url WHERE id = :id AND locked_by = :node")
                .param("url", url).param("id", id).param("node", node).update();
    }

    void logAttempt(UUID deliveryId, int attempt, Instant startedAt, WebhookSender.Result result) {
        jdbc.sql("""
                        INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, status_code,
                            latency_ms, response_excerpt, error, succeeded)
                        VALUES (:id, :attempt, :started, :status, :latency, :excerpt, :error, :ok)
                        ON CONFLICT DO NOTHING""")
                .param("id", deliveryId).param("attempt", attempt).param("started", ts(startedAt))
                .param("status", result.statusCode()).param("latency", result.latencyMillis())
                .param("excerpt", result.excerpt()).param("error", truncate(result.error(), 2000))
                .param("ok", result.succeeded())
                .update();
    }

    /** Ends a claimed delivery (SUCCEEDED or FAILED). @return false when this node no longer held it */
    boolean finish(UUID id, String node, String status, String error, Instant now) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries SET status = :status, last_error = :error, finished_at = :now,
                            next_attempt_at = NULL, locked_by = NULL, locked_until = NULL
                        WHERE id = :id AND locked_by = :node AND status = 'DELIVERING'""")
                .param("status", status).param("error", truncate(error, 2000)).param("now", ts(now))
                .param("id", id).param("node", node)
                .update() == 1;
    }

    /** Puts a claimed delivery back for another attempt at {@code next}. */
    boolean retryAt(UUID id, String node, String error, Instant next) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'PENDING', last_error = :error, next_attempt_at = :next,
                            locked_by = NULL, locked_until = NULL
                        WHERE id = :id AND locked_by = :node AND status = 'DELIVERING'""")
                .param("error", truncate(error, 2000)).param("next", ts(next)).param("id", id).param("node", node)
                .update() == 1;
    }

    /** Fails the pending deliveries of a subscription that was just disabled or deactivated. */
    void failPending(UUID subscriptionId, String why, Instant now) {
        jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'FAILED', last_error = :why, finished_at = :now,
                            next_attempt_at = NULL
                        WHERE subscription_id = :subscription AND status = 'PENDING'""")
                .param("why", why).param("now", ts(now)).param("subscription", subscriptionId)
                .update();
    }

    /**
     * Queues a finished delivery again, due now, with a fresh attempt budget; the event id and payload stay.
     *
     * @return false when it is not finished (pending or being delivered)
     */
    boolean requeue(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = :now, round_attempts = 0,
                            finished_at = NULL
                        WHERE id = :id AND tenant_id = :tenant AND status IN ('SUCCEEDED', 'FAILED')""")
                .param("now", ts(now)).param("id", id).param("tenant", tenantId)
                .update() == 1;
    }

    Optional<Delivery> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE id = :id AND tenant_id = :tenant")
                .param("id", id).param("tenant", tenantId).query(MAPPER).optional()
                .map(d -> withAttempts(List.of(d)).getFirst());
    }

    List<Delivery> listForSubscription(UUID tenantId, UUID subscriptionId, int page, int size) {
        return withAttempts(jdbc.sql("SELECT " + COLUMNS + " FROM webhook_deliveries "
                        + "WHERE tenant_id = :tenant AND subscription_id = :subscription "
                        + "ORDER BY created_at DESC, event_type, id LIMIT :limit OFFSET :offset")
                .param("tenant", tenantId).param("subscription", subscriptionId)
                .param("limit", size).param("offset", (long) page * size)
                .query(MAPPER).list());
    }

    /** Every delivery of one scan (subscriptions and its own callbackUrl), oldest first. */
    List<Delivery> listForScan(UUID tenantId, UUID scanId) {
        return withAttempts(jdbc.sql("SELECT " + COLUMNS + " FROM webhook_deliveries "
                        + "WHERE tenant_id = :tenant AND scan_id = :scan ORDER BY created_at, event_type, id")
                .param("tenant", tenantId).param("scan", scanId).query(MAPPER).list());
    }

    private List<Delivery> withAttempts(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Collection<UUID> ids = deliveries.stream().map(Delivery::id).toList();
        Map<UUID, List<Delivery.Attempt>> byDelivery = new HashMap<>();
        jdbc.sql("""
                        SELECT delivery_id, attempt, started_at, status_code, latency_ms, response_excerpt, error,
                            succeeded
                        FROM webhook_delivery_attempts WHERE delivery_id IN (:ids) ORDER BY delivery_id, attempt""")
                .param("ids", ids)
                .query(rs -> {
                    int code = rs.getInt("status_code");
                    Integer status = rs.wasNull() ? null : code;
                    byDelivery.computeIfAbsent(rs.getObject("delivery_id", UUID.class), k -> new ArrayList<>())
                            .add(new Delivery.Attempt(rs.getInt("attempt"), instant(rs, "started_at"), status,
                                    rs.getLong("latency_ms"), rs.getString("response_excerpt"),
                                    rs.getString("error"), rs.getBoolean("succeeded")));
                });
        return deliveries.stream().map(d -> new Delivery(d.id(), d.tenantId(), d.subscriptionId(), d.scanId(),
                d.eventId(), d.eventType(), d.url(), d.status(), d.attempts(), d.nextAttemptAt(), d.lastError(),
                d.createdAt(), d.finishedAt(), List.copyOf(byDelivery.getOrDefault(d.id(), List.of())))).toList();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static final RowMapper<Delivery> MAPPER = (rs, n) -> new Delivery(rs.getObject("id", UUID.class),
            rs.getObject("tenant_id", UUID.class), rs.getObject("subscription_id", UUID.class),
            rs.getObject("scan_id", UUID.class), rs.getObject("event_id", UUID.class), rs.getString("event_type"),
            rs.getString("url"), rs.getString("status"), rs.getInt("attempts"),
            instant(rs, "next_attempt_at"), rs.getString("last_error"), instant(rs, "created_at"),
            instant(rs, "finished_at"), List.of());
}
