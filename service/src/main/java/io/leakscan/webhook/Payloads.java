package io.leakscan.webhook;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.leakscan.webhook.SubscriptionStore.instant;

/**
 * Builds the versioned event body from the scan's row and its findings. Runs inside the transaction that ends the
 * scan, so it reads exactly the results that commit with it.
 */
@Component
class Payloads {

    static final int VERSION = 1;
    static final int TOP_FINDINGS = 5;

    /** What a payload is made of; {@code callbackUrl} is the scan's own, or null. */
    record ScanData(UUID id, UUID tenantId, String status, String targetBaseUrl, String profile, String verdict,
                    String summary, String failureCode, String failureMessage, Instant finishedAt,
                    String callbackUrl, Map<String, Integer> countsBySeverity, int findingCount,
                    List<Map<String, Object>> topFindings) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final String linkBase;

    Payloads(JdbcClient jdbc, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.json = JsonMapper.builder().build();
        this.linkBase = properties.publicBaseUrl();
    }

    Optional<ScanData> load(UUID scanId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT severity, count(*) AS n FROM scan_findings WHERE scan_id = :id GROUP BY severity
                        ORDER BY min(ordinal)""")
                .param("id", scanId)
                .query(rs -> {
                    counts.put(rs.getString("severity"), rs.getInt("n"));
                });
        List<Map<String, Object>> top = jdbc.sql("""
                        SELECT kind, severity, scope, endpoint_method, endpoint_path, title FROM scan_findings
                        WHERE scan_id = :id ORDER BY ordinal LIMIT :limit""")
                .param("id", scanId).param("limit", TOP_FINDINGS)
                .query((rs, n) -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("kind", rs.getString("kind"));
                    f.put("severity", rs.getString("severity"));
                    f.put("scope", rs.getString("scope"));
                    String method = rs.getString("endpoint_method");
                    String path = rs.getString("endpoint_path");
                    if (method != null || path != null) {
                        Map<String, Object> endpoint = new LinkedHashMap<>();
                        endpoint.put("method", method);
                        endpoint.put("path", path);
                        f.put("endpoint", endpoint);
                    } else {
                        f.put("endpoint", null);
                    }
                    f.put("title", rs.getString("title"));
                    return f;
                })
                .list();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return jdbc.sql("""
                        SELECT id, tenant_id, status, target_base_url, profile, verdict, summary, failure_code,
                            failure_message, finished_at, request->>'callbackUrl' AS callback_url
                        FROM scans WHERE id = :id""")
                .param("id", scanId)
                .query((rs, n) -> new ScanData(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getString("status"), rs.getString("target_base_url"), rs.getString("profile"),
                        rs.getString("verdict"), rs.getString("summary"), rs.getString("failure_code"),
                        rs.getString("failure_message"), instant(rs, "finished_at"), rs.getString("callback_url"),
                        counts, total, top))
                .optional();
    }

    /** The event id of {@code type} for a scan: derived, so the same event always has the same id. */
    static UUID eventId(UUID scanId, EventType type) {
        return UUID.nameUUIDFromBytes(("leakscan:" + scanId + ":" + type.wire()).getBytes(StandardCharsets.UTF_8));
    }

    String render(ScanData scan, EventType type, Instant createdAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("id", eventId(scan.id(), type).toString());
        body.put("type", type.wire());
        body.put("createdAt", createdAt.toString());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", scan.id().toString());
        s.put("status", scan.status());
        s.put("profile", scan.profile());
        s.put("target", Map.of("baseUrl", scan.targetBaseUrl()));
        s.put("verdict", scan.verdict());
        s.put("summary", scan.summary());
        s.put("findingCount", scan.findingCount());
        s.put("countsBySeverity", scan.countsBySeverity());
        if (scan.failureCode() != null) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("code", scan.failureCode());
            failure.put("message", scan.failureMessage());
            s.put("failure", failure);
        } else {
            s.put("failure", null);
        }
        s.put("finishedAt", scan.finishedAt() == null ? null : scan.finishedAt().toString());
        body.put("scan", s);
        body.put("topFindings", scan.topFindings());
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("scan", linkBase + "/api/v1/scans/" + scan.id());
        links.put("report", linkBase + "/api/v1/scans/" + scan.id() + "/report?format=json");
        body.put("links", links);
        return json.writeValueAsString(body);
    }
}
