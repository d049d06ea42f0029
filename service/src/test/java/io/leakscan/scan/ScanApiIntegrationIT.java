package io.leakscan.scan;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.leakscan.scan.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole service on a random port with real workers, a real database and a loopback target. */
// The recording phase stands in for the engine: this tests the API and the queue, not detection
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.scan.engine.enabled=false")
@Import(ScanTestConfiguration.class)
class ScanApiIntegrationIT {

    static final String BOOTSTRAP_KEY = "lsk_test_bootstrap_key_000000000000000000000";
    static final String ADMIN_KEY = "test-admin-key-000000000000000000000";

    static EchoLikeServer echo;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startTarget() throws IOException {
        echo = new EchoLikeServer();
    }

    @AfterAll
    static void stopTarget() {
        echo.close();
    }

    ApiClient api() {
        return new ApiClient(port, BOOTSTRAP_KEY);
    }

    static String scanOf(String baseUrl, String path) {
        return """
                {"target": {"baseUrl": "%s", "headers": {"Authorization": "Bearer target-secret"}},
                 "endpoints": [{"method": "GET", "path": "%s", "headers": {"X-Token": "endpoint-secret"}}],
                 "profile": "quick"}""".formatted(baseUrl, path);
    }

    JsonNode awaitStatus(ApiClient api, String id, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = json(api.get("/api/v1/scans/" + id));
            return last[0].path("status").asString().equals(status);
        });
        return last[0];
    }

    @Test
    void scanOfALocalEchoLikeServerSucceedsFollowedByStatusAndBySse() throws Exception {
        ApiClient api = api();
        HttpResponse<String> created = api.post("/api/v1/scans", scanOf(echo.baseUrl(), "/steps"));
        assertThat(created.statusCode()).isEqualTo(202);
        String id = json(created).path("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/scans/" + id);
        assertThat(json(created).path("status").asString()).isEqualTo("QUEUED");

        // SSE: every change, then the final event, then the stream closes
        List<String> events = new ArrayList<>();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(api.request(
                "/api/v1/scans/" + id + "/events").header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/event-stream"));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) { // returns null only when the server closes the stream
                if (line.startsWith("data:")) {
                    events.add(line.substring(5));
                }
            }
        }
        List<JsonNode> parsed = events.stream().map(ApiClient.JSON::readTree).toList();
        assertThat(parsed.getLast().path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(parsed.getLast().path("progress").asInt()).isEqualTo(100);
        // the stream polls the row, so a phase shorter than the poll interval (preflight here) may be coalesced away
        assertThat(parsed).extracting(e -> e.path("phase").asString()).contains("recording");
        assertThat(parsed.size()).isGreaterThanOrEqualTo(4); // the steps phase reports several progress values
        assertThat(parsed).extracting(e -> e.path("progress").asInt()).isSorted();

        JsonNode done = awaitStatus(api, id, "SUCCEEDED");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("attempt").asInt()).isEqualTo(1);
        assertThat(done.path("fingerprint").path("echo").asBoolean()).isTrue();
        assertThat(done.path("startedAt").isMissingNode()).isFalse();
        assertThat(done.path("finishedAt").isMissingNode()).isFalse();
        assertThat(done.path("links").path("events").asString()).isEqualTo("/api/v1/scans/" + id + "/events");
        // credentials for the target are never echoed
        assertThat(done.toString()).doesNotContain("target-secret").doesNotContain("endpoint-secret");
        assertThat(done.path("target").path("headers").path("Authorization").asString()).isEqualTo("[redacted]");
    }

    @Test
    void etagAndIfNoneMatchGive304UntilTheScanChanges() {
        ApiClient api = api();
        String id = json(api.post("/api/v1/scans", scanOf(echo.baseUrl(), "/"))).path("id").asString();
        awaitStatus(api, id, "SUCCEEDED");
        HttpResponse<String> first = api.get("/api/v1/scans/" + id);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"\\d+\"");
        HttpResponse<String> again = api.get("/api/v1/scans/" + id, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(api.get("/api/v1/scans/" + id, "If-None-Match", "\"0\"").statusCode()).isEqualTo(200);
    }

    @Test
    void preflightFailureEndsTheScanFailedWithItsCode() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ApiClient api = api();
        String id = json(api.post("/api/v1/scans", scanOf("http://127.0.0.1:" + closedPort, "/"))).path("id").asString();
        JsonNode failed = awaitStatus(api, id, "FAILED");
        assertThat(failed.path("failure").path("code").asString()).isEqualTo("CONNECTION_REFUSED");
        assertThat(failed.path("phase").asString()).isEqualTo("preflight");
    }

    @Test
    void aLiteralTargetOutsideTheAllowListIsRefusedAtSubmitByPreflightsRule() {
        // not loopback and not allow-listed: the same guard that preflight and every connect use says no, now
        ApiClient api = api();
        HttpResponse<String> r = api.post("/api/v1/scans", scanOf("http://10.255.255.1:9", "/"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("detail").asString()).isEqualTo("target.baseUrl: 10.255.255.1 is not a loopback "
                + "address and not in the target allow-list; add the host name or a CIDR to the allow-list to scan it.");
        assertThat(json(api.get("/api/v1/scans?target=http://10.255.255.1:9")).path("totalItems").asInt())
                .as("nothing was queued").isZero();
    }

    @Test
    void aTelemetryAddressGetsTheTargetRulesAtSubmitAndShowsWithoutItsHeaderValues() {
        ApiClient api = api();
        String outside = """
                {"target": {"baseUrl": "%s"}, "telemetry": {"baseUrl": "http://10.255.255.1:6060"},
                 "profile": "quick"}""".formatted(echo.baseUrl());
        HttpResponse<String> refused = api.post("/api/v1/scans", outside);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).path("detail").asString()).isEqualTo("telemetry.baseUrl: 10.255.255.1 is not a "
                + "loopback address and not in the target allow-list; add the host name or a CIDR to the allow-list "
                + "to scan it.");

        String admin = """
                {"target": {"baseUrl": "%s"}, "telemetry": {"baseUrl": "http://127.0.0.1:6060",
                 "headers": {"X-Admin-Token": "admin-secret"}}, "profile": "quick"}""".formatted(echo.baseUrl());
        HttpResponse<String> accepted = api.post("/api/v1/scans", admin);
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode target = json(api.get("/api/v1/scans/" + json(accepted).path("id").asString())).path("target");
        assertThat(target.path("telemetryBaseUrl").asString()).isEqualTo("http://127.0.0.1:6060");
        assertThat(target.path("telemetryHeaders").path("X-Admin-Token").asString()).isEqualTo("[redacted]");
        assertThat(accepted.body()).doesNotContain("admin-secret");
    }

    @Test
    void aPhaseCanFailTheScanWithACodeAndACrashShowsNoInternals() {
        ApiClient api = api();
        String boom = json(api.post("/api/v1/scans", scanOf(echo.baseUrl(), "/boom"))).path("id").asString();
        JsonNode failed = awaitStatus(api, boom, "FAILED");
        assertThat(failed.path("failure").path("code").asString()).isEqualTo("TARGET_UNSTABLE");
        assertThat(failed.path("failure").path("message").asString()).isEqualTo("The target kept failing.");

        String crash = json(api.post("/api/v1/scans", scanOf(echo.baseUrl(), "/crash"))).path("id").asString();
        JsonNode crashed = awaitStatus(api, crash, "FAILED");
        assertThat(crashed.path("failure").path("code").asString()).isEqualTo("INTERNAL_ERROR");
        assertThat(crashed.toString()).doesNotContain("SELECT").doesNotContain("IllegalStateException");
    }

    @Test
    void cancelStopsARunningScanQuicklyAndAQueuedOneAtOnceThen409() {
        ApiClient api = api();
        try (EchoLikeServer target = newServer()) {
            String running = json(api.post("/api/v1/scans", scanOf(target.baseUrl(), "/hold"))).path("id").asString();
            awaitPhase(api, running, "recording");
            // same target: waits in the queue while the first one runs
            String queued = json(api.post("/api/v1/scans", scanOf(target.baseUrl(), "/"))).path("id").asString();
            assertThat(json(api.get("/api/v1/scans/" + queued)).path("status").asString()).isEqualTo("QUEUED");

            HttpResponse<String> cancelQueued = api.post("/api/v1/scans/" + queued + "/cancel", "");
            assertThat(cancelQueued.statusCode()).isEqualTo(202);
            assertThat(json(cancelQueued).path("status").asString()).isEqualTo("CANCELLED");

            long t0 = System.nanoTime();
            HttpResponse<String> cancelRunning = api.post("/api/v1/scans/" + running + "/cancel", "");
            assertThat(cancelRunning.statusCode()).isEqualTo(202);
            assertThat(json(cancelRunning).path("cancelRequested").asBoolean()).isTrue();
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() ->
                    json(api.get("/api/v1/scans/" + running)).path("status").asString().equals("CANCELLED"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));

            HttpResponse<String> again = api.post("/api/v1/scans/" + running + "/cancel", "");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aScanOverItsTimeoutEndsFailedWithScanTimeout() throws IOException {
        ApiClient api = api();
        try (EchoLikeServer target = newServer()) {
            String id = json(api.post("/api/v1/scans", scanOf(target.baseUrl(), "/hold"))).path("id").asString();
            JsonNode failed = awaitStatus(api, id, "FAILED"); // scan-timeout is 8s in tests
            assertThat(failed.path("failure").path("code").asString()).isEqualTo("SCAN_TIMEOUT");
            assertThat(failed.path("failure").path("message").asString()).contains("did not finish within 8 s");
        }
    }

    @Test
    void idempotencyKeyReturnsTheOriginalScanAndRejectsADifferentBody() {
        ApiClient api = api();
        String body = scanOf(echo.baseUrl(), "/");
        HttpResponse<String> first = api.post("/api/v1/scans", body, "Idempotency-Key", "order-42");
        HttpResponse<String> second = api.post("/api/v1/scans", body, "Idempotency-Key", "order-42");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(json(second).path("id").asString()).isEqualTo(json(first).path("id").asString());

        HttpResponse<String> different = api.post("/api/v1/scans", scanOf(echo.baseUrl(), "/other"),
                "Idempotency-Key", "order-42");
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(different.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> otherKey = api.post("/api/v1/scans", body, "Idempotency-Key", "order-43");
        assertThat(json(otherKey).path("id").asString()).isNotEqualTo(json(first).path("id").asString());
    }

    @Test
    void tenantsNeverSeeEachOthersScans() {
        ApiClient admin = api().as(ADMIN_KEY);
        HttpResponse<String> created = admin.post("/api/v1/admin/tenants", "{\"name\": \"tenant-b\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String keyB = json(created).path("apiKey").path("key").asString();
        assertThat(keyB).startsWith("lsk_").hasSizeGreaterThan(40);

        ApiClient a = api();
        ApiClient b = a.as(keyB);
        String scanOfA = json(a.post("/api/v1/scans", scanOf(echo.baseUrl(), "/"))).path("id").asString();

        assertThat(b.get("/api/v1/scans/" + scanOfA).statusCode()).isEqualTo(404);
        assertThat(b.post("/api/v1/scans/" + scanOfA + "/cancel", "").statusCode()).isEqualTo(404);
        assertThat(b.get("/api/v1/scans/" + scanOfA + "/events", "Accept", "text/event-stream").statusCode())
                .isEqualTo(404);
        assertThat(json(b.get("/api/v1/scans")).path("totalItems").asInt()).isZero();
        assertThat(json(b.get("/api/v1/scans?target=" + echo.baseUrl())).path("items").size()).isZero();

        String scanOfB = json(b.post("/api/v1/scans", scanOf(echo.baseUrl(), "/"))).path("id").asString();
        JsonNode listB = json(b.get("/api/v1/scans"));
        assertThat(listB.path("items")).extracting(n -> n.path("id").asString()).containsExactly(scanOfB);
        JsonNode listA = json(a.get("/api/v1/scans?size=100"));
        assertThat(listA.path("items")).extracting(n -> n.path("id").asString())
                .contains(scanOfA).doesNotContain(scanOfB);
    }

    @Test
    void listIsNewestFirstPagedAndFiltered() throws IOException {
        ApiClient api = api();
        try (EchoLikeServer target = newServer()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(json(api.post("/api/v1/scans", scanOf(target.baseUrl(), "/"))).path("id").asString());
            }
            ids.forEach(id -> awaitStatus(api, id, "SUCCEEDED"));
            JsonNode page0 = json(api.get("/api/v1/scans?target=" + target.baseUrl() + "&size=2&page=0"));
            assertThat(page0.path("totalItems").asInt()).isEqualTo(3);
            assertThat(page0.path("totalPages").asInt()).isEqualTo(2);
            assertThat(page0.path("items")).extracting(n -> n.path("id").asString())
                    .containsExactly(ids.get(2), ids.get(1));
            JsonNode page1 = json(api.get("/api/v1/scans?target=" + target.baseUrl() + "/ignored/path&size=2&page=1"));
            assertThat(page1.path("items")).extracting(n -> n.path("id").asString()).containsExactly(ids.get(0));
            JsonNode failedOnly = json(api.get("/api/v1/scans?target=" + target.baseUrl() + "&status=FAILED"));
            assertThat(failedOnly.path("totalItems").asInt()).isZero();
        }
    }

    @Test
    void adminCreatesAndRevokesKeys() {
        ApiClient admin = api().as(ADMIN_KEY);
        String tenantId = json(admin.post("/api/v1/admin/tenants", "{\"name\": \"tenant-c\"}")).path("id").asString();
        HttpResponse<String> key = admin.post("/api/v1/admin/tenants/" + tenantId + "/keys", "{\"name\": \"ci\"}");
        assertThat(key.statusCode()).isEqualTo(201);
        String secret = json(key).path("key").asString();
        String keyId = json(key).path("id").asString();
        ApiClient c = api().as(secret);
        assertThat(c.get("/api/v1/scans").statusCode()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/admin/tenants/" + tenantId + "/keys/" + keyId).statusCode()).isEqualTo(204);
        HttpResponse<String> revoked = c.get("/api/v1/scans");
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        // a tenant key is not an admin key, and the admin key is not a tenant key
        assertThat(api().post("/api/v1/admin/tenants", "{\"name\": \"x\"}").statusCode()).isEqualTo(401);
        // no spelling of the path gets a tenant key into the admin API
        assertThat(api().post("/api/v1/%61dmin/tenants", "{\"name\": \"x\"}").statusCode()).isIn(401, 404);
        assertThat(api().post("/api/v1/admin/tenants;x=1", "{\"name\": \"x\"}").statusCode()).isIn(401, 404);
        assertThat(admin.get("/api/v1/scans").statusCode()).isEqualTo(401);
        assertThat(admin.delete("/api/v1/admin/tenants/" + tenantId + "/keys/" + UUID.randomUUID())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413EvenWithoutContentLength() {
        byte[] big = ("{\"target\": {\"baseUrl\": \"http://127.0.0.1:1\", \"headers\": {\"X\": \""
                + "a".repeat(300 * 1024) + "\"}}}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = api().request("/api/v1/scans").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpResponse<String> response = api().send(request);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void openApiDescribesTheEndpoints() {
        JsonNode spec = json(new ApiClient(port, null).get("/v3/api-docs"));
        JsonNode paths = spec.path("paths");
        assertThat(paths.has("/api/v1/scans")).isTrue();
        assertThat(paths.path("/api/v1/scans").has("post")).isTrue();
        assertThat(paths.path("/api/v1/scans").has("get")).isTrue();
        assertThat(paths.path("/api/v1/scans/{id}").has("get")).isTrue();
        assertThat(paths.path("/api/v1/scans/{id}/cancel").has("post")).isTrue();
        assertThat(paths.path("/api/v1/scans/{id}/events").has("get")).isTrue();
        assertThat(paths.has("/api/v1/admin/tenants")).isTrue();
        assertThat(paths.path("/api/v1/scans").path("post").path("responses").has("202")).isTrue();
        JsonNode schemas = spec.path("components").path("schemas");
        assertThat(schemas.path("ScanRequest").path("properties").has("target")).isTrue();
        assertThat(schemas.path("Scan").path("properties").has("fingerprint")).isTrue();
        assertThat(spec.path("components").path("securitySchemes").has("bearer")).isTrue();
        // the tenant is resolved from the key, not a parameter
        assertThat(paths.path("/api/v1/scans/{id}").path("get").path("parameters").toString()).doesNotContain("tenant");
    }

    private static void awaitPhase(ApiClient api, String id, String phase) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                json(api.get("/api/v1/scans/" + id)).path("phase").asString().equals(phase));
    }

    private static EchoLikeServer newServer() throws IOException {
        return new EchoLikeServer();
    }

    @Test
    void tuningAboveTheServerMaximaIsRefusedAtSubmitNamingTheParameter() {
        HttpResponse<String> r = api().post("/api/v1/scans", """
                {"target": {"baseUrl": "http://127.0.0.1:19"}, "tuning": {"concurrency": 500}}""");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("detail").asString())
                .isEqualTo("tuning: concurrency 500 exceeds the server maximum of 64.");
        assertThat(json(api().get("/api/v1/scans?target=http://127.0.0.1:19")).path("totalItems").asInt())
                .as("nothing was queued").isZero();
    }
}
