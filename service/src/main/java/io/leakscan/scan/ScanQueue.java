package io.leakscan.scan;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.leakscan.scan.ScanStore.ts;

/**
 * The worker side of the {@code scans} table. Every write is one statement guarded by {@code picked_by = node AND
 * attempt = attempt AND status = 'RUNNING'}, so a run that lost its scan (reaped, cancelled, timed out, or claimed
 * again by a node restarted with the same node id) can never overwrite the new state.
 */
@Repository
class ScanQueue {

    record Claimed(UUID id, UUID tenantId, int attempt, String request) {
    }

    record Reaped(UUID id, UUID tenantId, ScanState status) {
    }

    private final JdbcClient jdbc;
    private final ScanRequestSecrets secrets;

    ScanQueue(JdbcClient jdbc, ScanRequestSecrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /**
     * Claims the next scan fairly across tenants: the tenant with the fewest running scans, then the one claimed from
     * longest ago, then its oldest queued scan whose target has no running scan. One tenant's backlog therefore waits
     * behind every other tenant's next scan, never the other way round. SKIP LOCKED lets nodes claim side by side; the
     * partial unique index on running scans per target is the real guard: when two nodes race for one target, the
     * loser's statement fails and its scan simply stays queued. The same statement stamps the tenant's
     * {@code last_claimed_at}, so the round-robin order survives restarts and is shared by every node.
     */
    Optional<Claimed> claim(String node, Instant now) {
        try {
            return jdbc.sql("""
                            WITH running AS (
                                SELECT tenant_id, count(*) AS n FROM scans WHERE status = 'RUNNING' GROUP BY tenant_id),
                            next AS (
                                SELECT s.id FROM scans s
                                JOIN tenants t ON t.id = s.tenant_id
                                LEFT JOIN running r ON r.tenant_id = s.tenant_id
                                WHERE s.status = 'QUEUED'
                                  AND NOT EXISTS (SELECT 1 FROM scans o
                                                  WHERE o.target_key = s.target_key AND o.status = 'RUNNING')
                                ORDER BY coalesce(r.n, 0), t.last_claimed_at NULLS FIRST, s.tenant_id,
                                         s.queued_at, s.id
                                LIMIT 1
                                FOR UPDATE OF s SKIP LOCKED),
                            claimed AS (
                                UPDATE scans SET status = 'RUNNING', picked_by = :node, started_at = :now,
                                    heartbeat_at = :now, attempt = attempt + 1, phase = NULL, current_endpoint = NULL,
                                    progress = 0, version = version + 1
                                FROM next WHERE scans.id = next.id
                                RETURNING scans.id, scans.tenant_id, scans.attempt, scans.request::text AS request),
                            served AS (
                                UPDATE tenants SET last_claimed_at = :now FROM claimed
                                WHERE tenants.id = claimed.tenant_id)
                            SELECT id, tenant_id, attempt, request FROM claimed""")
                    .param("node", node).param("now", ts(now))
                    .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                            rs.getInt("attempt"), secrets.open(rs.getString("request"))))
                    .optional();
        } catch (DataIntegrityViolationException e) {
            return Optional.empty(); // another node started a scan of the same target first
        }
    }

    /** Refreshes the heartbeat of the scans this node still owns; returns them with their cancel flag. */
    Map<UUID, Boolean> heartbeat(String node, Collection<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return owned(jdbc.sql("""
                        UPDATE scans SET heartbeat_at = :now
                        WHERE id IN (:ids) AND picked_by = :node AND status = 'RUNNING'
                        RETURNING id, cancel_requested""")
                .param("now", ts(now)).param("ids", ids).param("node", node));
    }

    /** The scans of {@code ids} this node still owns, with their cancel flag; read-only, cheap to run often. */
    Map<UUID, Boolean> watch(String node, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return owned(jdbc.sql("""
                        SELECT id, cancel_requested FROM scans
                        WHERE id IN (:ids) AND picked_by = :node AND status = 'RUNNING'""")
                .param("ids", ids).param("node", node));
    }

    private static Map<UUID, Boolean> owned(JdbcClient.StatementSpec statement) {
        Map<UUID, Boolean> out = new HashMap<>();
        statement.query(rs -> {
            out.put(rs.getObject("id", UUID.class), rs.getBoolean("cancel_requested"));
        });
        return out;
    }

    boolean progress(UUID id, String node, int attempt, String phase, int progress) {
        return jdbc.sql("""
                        UPDATE scans SET phase = :phase, progress = :progress, version = version + 1
                        WHERE id = :id AND picked_by = :node AND attempt = :attempt AND status = 'RUNNING'
                          AND (phase IS DISTINCT FROM :phase OR progress <> :progress)""")
                .param("id", id).param("node", node).param("attempt", attempt).param("phase", phase)
                .param("progress", progress)
                .update() == 1;
    }

    /** What the running phase does now, and on which endpoint; written only when it changed. */
    void stage(UUID id, String node, int attempt, String stage, String endpoint) {
        String phase = stage.length() > 64 ? stage.substring(0, 64) : stage;
        String current = endpoint == null || endpoint.length() <= 2100 ? endpoint : endpoint.substring(0, 2100);
        jdbc.sql("""
                        UPDATE scans SET phase = :phase, current_endpoint = :endpoint, version = version + 1
                        WHERE id = :id AND picked_by = :node AND attempt = :attempt AND status = 'RUNNING'
                          AND (phase IS DISTINCT FROM :phase OR current_endpoint IS DISTINCT FROM :endpoint)""")
                .param("phase", phase).param("endpoint", current).param("id", id).param("node", node)
                .param("attempt", attempt).update();
    }

    /** Sets one jsonb result column ({@code fingerprint} or {@code discovery}). */
    void recordJson(UUID id, String node, int attempt, String column, String json) {
        if (!column.equals("fingerprint") && !column.equals("discovery")) {
            throw new IllegalArgumentException(column);
        }
        jdbc.sql("UPDATE scans SET " + column + " = CAST(:json AS jsonb), version = version + 1"
                        + " WHERE id = :id AND picked_by = :node AND attempt = :attempt AND status = 'RUNNING'")
                .param("json", json).param("id", id).param("node", node).param("attempt", attempt).update();
    }

    /**
     * Writes the duration the worker sized from the plan into the stored request's limits: the request holds the
     * limits the scan runs under. {@code durationFromPlan} stays true, so a rerun sizes its duration again.
     */
    void recordMaxDuration(UUID id, String node, int attempt, Duration maxDuration) {
        jdbc.sql("UPDATE scans SET request = jsonb_set(request, '{limits,maxDurationSeconds}', to_jsonb(CAST(:seconds AS bigint))),"
                        + " version = version + 1"
                        + " WHERE id = :id AND picked_by = :node AND attempt = :attempt AND status = 'RUNNING'")
                .param("seconds", maxDuration.toSeconds()).param("id", id).param("node", node)
                .param("attempt", attempt).update();
    }

    void recordOutcome(UUID id, String node, int attempt, String verdict, String summary, String findingCounts) {
        jdbc.sql("""
                        UPDATE scans SET verdict = :verdict, summary = :summary,
                            finding_counts = CAST(:counts AS jsonb), version = version + 1
                        WHERE id = :id AND picked_by = :node AND attempt = :attempt AND status = 'RUNNING'""")
                .param("verdict", verdict).param("summary", summary).param("counts", findingCounts)
                .param("id", id).param("node", node).param("attempt", attempt).update();
    }

    /**
     * Ends a scan this node owns as the given attempt. The attempt matters when a node restarts with the same node id
     * and claims the scan again: the earlier run (still alive, e.g. a paused process) must not end the new one.
     * @return false when it no longer owned it
     */
    boolean finish(UUID id, String node, int attempt, ScanState status, String code, String message, Instant now) {
        return jdbc.sql("""
                        UPDATE scans SET status = :status, finished_at = :now, failure_code = :code,
                            failure_message = :message, heartbeat_at = NULL, current_endpoint = NULL,
                            progress = CASE WHEN :status = 'SUCCEEDED' THEN 100 ELSE progress END,
                            version = version + 1
                        WHERE id = :id AND picked_by = :node AND attempt = :attempt AND status = 'RUNNING'""")
                .param("status", status.name()).param("now", ts(now)).param("code", code)
                .param("message", message).param("id", id).param("node", node).param("attempt", attempt)
                .update() == 1;
    }

    /**
     * Back to the queue, and this run does not count as an attempt: graceful shutdown, or the run could not start
     * (its database writes failed). Guarded by the attempt like {@link #finish}.
     */
    boolean handBack(UUID id, String node, int attempt) {
        return jdbc.sql("""
                        UPDATE scans SET status = 'QUEUED', picked_by = NULL, started_at = NULL, heartbeat_at = NULL,
                            phase = NULL, current_endpoint = NULL, progress = 0, attempt = GREATEST(attempt - 1, 0),
                            version = version + 1
                        WHERE id = :id AND picked_by = :node AND attempt = :attempt AND status = 'RUNNING'""")
                .param("id", id).param("node", node).param("attempt", attempt).update() == 1;
    }

    /**
     * Running scans whose heartbeat is older than {@code cutoff} lost their worker: back to the queue, or FAILED with
     * WORKER_LOST after {@code maxAttempts} runs, or CANCELLED if a cancel was pending.
     */
    List<Reaped> reap(Instant now, Instant cutoff, int maxAttempts) {
        return jdbc.sql("""
                        UPDATE scans SET
                            status = CASE WHEN cancel_requested THEN 'CANCELLED'
                                          WHEN attempt >= :max THEN 'FAILED' ELSE 'QUEUED' END,
                            failure_code = CASE WHEN NOT cancel_requested AND attempt >= :max
                                                THEN 'WORKER_LOST' END,
                            failure_message = CASE WHEN NOT cancel_requested AND attempt >= :max
                                THEN 'The worker running this scan stopped responding on each of its ' || attempt
                                     || ' attempts; giving up.' END,
                            finished_at = CASE WHEN cancel_requested OR attempt >= :max THEN CAST(:now AS timestamptz) END,
                            started_at = CASE WHEN cancel_requested OR attempt >= :max THEN started_at END,
                            picked_by = NULL, heartbeat_at = NULL,
                            phase = CASE WHEN cancel_requested OR attempt >= :max THEN phase END,
                            progress = CASE WHEN cancel_requested OR attempt >= :max THEN progress ELSE 0 END,
                            version = version + 1
                        WHERE status = 'RUNNING' AND heartbeat_at < :cutoff
                        RETURNING id, tenant_id, status""")
                .param("max", maxAttempts).param("now", ts(now)).param("cutoff", ts(cutoff))
                .query((rs, n) -> new Reaped(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        ScanState.valueOf(rs.getString("status"))))
                .list();
    }
}
