package io.leakscan.scan;

import io.leakscan.lab.LabAppExtension;
import io.leakscan.ownership.LoopbackDns;
import io.leakscan.ownership.TokenFileServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.leakscan.scan.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15's "done when", walked through the HTTP API as an operator and a tenant would, with a real worker, a real
 * lab app and verification by both methods (a loopback web server for the token file, a loopback DNS server for the
 * TXT record): a hosted instance refuses an unverified host and says how to verify, verifies one host per method,
 * keeps each key to its role and the tenant to its quota, scans the verified target and shows the scan in its own
 * metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "leakscan.target.verification.mode=required", "leakscan.target.verification.timeout=2s",
        "leakscan.worker.scan-timeout=5m"})
class HostedInstanceIT {

    static final String OPERATOR_KEY = "test-admin-key-000000000000000000000";
    static final LoopbackDns DNS;
    static final TokenFileServer WEB = new TokenFileServer();

    static {
        try {
            DNS = new LoopbackDns();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @RegisterExtension
    static LabAppExtension lab = LabAppExtension.of("brief-middleware-leaky");

    @DynamicPropertySource
    static void dns(DynamicPropertyRegistry registry) {
        registry.add("leakscan.target.verification.dns-servers", DNS::address);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        WEB.close();
        DNS.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aHostedInstanceScansOnlyWhatATenantProvedItOwnsWithinItsQuotaAndRoles() {
        ApiClient operator = new ApiClient(port, OPERATOR_KEY);
        HttpResponse<String> tenant = operator.post("/api/v1/admin/tenants",
                "{\"name\": \"hosted-" + UUID.randomUUID() + "\"}");
        assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
        String tenantId = json(tenant).path("id").asString();
        ApiClient admin = operator.as(json(tenant).path("apiKey").path("key").asString());
        ApiClient scanner = admin.as(issued(admin, "scan"));
        ApiClient reader = admin.as(issued(admin, "read"));
        int labPort = lab.baseUrl().getPort();
        String web = WEB.origin();

        // An unverified host is refused, with how to verify it.
        HttpResponse<String> refused = scanner.post("/api/v1/scans", scanOf("\"baseUrl\": \"" + lab.baseUrl() + "\""));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).path("type").asString()).endsWith("target-not-verified");
        assertThat(json(refused).path("detail").asString())
                .contains("/.well-known/leakscan-verification.txt", "_leakscan.127.0.0.1");

        // HTTP: a file without the value is not proof; with it, the host (any port) is verified.
        JsonNode byHttp = registered(admin, "web", web);
        WEB.publish("leakscan-verification=not-the-value\n");
        HttpResponse<String> wrong = admin.post("/api/v1/targets/" + id(byHttp) + "/verify", "{\"method\": \"http\"}");
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(422);
        assertThat(json(wrong).path("detail").asString()).contains("has no line");
        WEB.publish("# ours\n" + byHttp.path("verification").path("value").asString() + "\n");
        HttpResponse<String> verified = admin.post("/api/v1/targets/" + id(byHttp) + "/verify",
                "{\"method\": \"http\"}");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(json(verified).path("status").asString()).isEqualTo("VERIFIED");
        assertThat(json(verified).path("verifiedUntil").asString()).isNotBlank();

        // DNS: a TXT record at _leakscan.localhost verifies the lab app's other name.
        JsonNode byDns = registered(admin, "lab", "http://localhost:" + labPort);
        DNS.txt("_leakscan.localhost", byDns.path("verification").path("value").asString());
        HttpResponse<String> dnsVerified = admin.post("/api/v1/targets/" + id(byDns) + "/verify",
                "{\"method\": \"dns\"}");
        assertThat(dnsVerified.statusCode()).as(dnsVerified.body()).isEqualTo(200);
        assertThat(json(dnsVerified).path("verifiedMethod").asString()).isEqualToIgnoringCase("dns");

        // Roles: reading is not scanning, scanning is not administering.
        String byTarget = scanOf("\"targetId\": \"" + id(byDns) + "\"");
        assertThat(reader.post("/api/v1/scans", byTarget).statusCode()).isEqualTo(403);
        assertThat(scanner.post("/api/v1/targets", "{\"name\": \"x\", \"baseUrl\": \"" + web + "\"}").statusCode())
                .isEqualTo(403);
        assertThat(reader.get("/api/v1/targets").statusCode()).isEqualTo(200);

        // Quota: one scan at a time for this tenant; the second is a 429 that says when to come back.
        HttpResponse<String> quota = operator.put("/api/v1/admin/tenants/" + tenantId + "/quota",
                "{\"concurrentScans\": 1}");
        assertThat(quota.statusCode()).as(quota.body()).isEqualTo(200);
        HttpResponse<String> accepted = scanner.post("/api/v1/scans", byTarget);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        HttpResponse<String> overQuota = scanner.post("/api/v1/scans", byTarget);
        assertThat(overQuota.statusCode()).as(overQuota.body()).isEqualTo(429);
        assertThat(overQuota.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(overQuota).path("quota").asString()).isEqualTo("concurrentScans");

        // The verified target is scanned by a worker, and the leak is found where the catalog says.
        String scanId = json(accepted).path("id").asString();
        JsonNode[] scan = new JsonNode[1];
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            scan[0] = json(reader.get("/api/v1/scans/" + scanId));
            return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(scan[0].path("status").asString());
        });
        assertThat(scan[0].path("status").asString()).as(scan[0].toString()).isEqualTo("SUCCEEDED");
        assertThat(scan[0].path("verdict").asString()).isEqualTo("LEAKS_FOUND");
        Set<String> findings = json(reader.get("/api/v1/scans/" + scanId + "/findings")).path("findings")
                .valueStream().map(f -> f.path("kind").asString() + " " + f.path("scope").asString())
                .collect(Collectors.toSet());
        // the catalog's finding: the middleware's goroutines, seen under every route (so named by no single one)
        assertThat(findings).contains("LINGERING_GOROUTINES MIDDLEWARE");

        // Its own metrics: the finished scan, by profile, final state and verdict.
        HttpResponse<String> metrics = new ApiClient(port, null).get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body().lines().filter(l -> l.startsWith("leakscan_scan_duration_seconds_count{")
                && l.contains("profile=\"quick\"") && l.contains("state=\"succeeded\"")
                && l.contains("verdict=\"LEAKS_FOUND\""))).hasSize(1);
    }

    static String scanOf(String target) {
        return """
                {"target": {%s}, "endpoints": [{"method": "GET", "path": "/users/42", "route": "/users/:id"}],
                 "profile": "quick"}""".formatted(target);
    }

    static String issued(ApiClient admin, String role) {
        HttpResponse<String> key = admin.post("/api/v1/keys", "{\"role\": \"" + role + "\", \"name\": \"" + role + "\"}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        return json(key).path("key").asString();
    }

    static JsonNode registered(ApiClient admin, String name, String baseUrl) {
        HttpResponse<String> target = admin.post("/api/v1/targets",
                "{\"name\": \"" + name + "\", \"baseUrl\": \"" + baseUrl + "\"}");
        assertThat(target.statusCode()).as(target.body()).isEqualTo(201);
        assertThat(json(target).path("status").asString()).isEqualTo("UNVERIFIED");
        return json(target);
    }

    static String id(JsonNode target) {
        return target.path("id").asString();
    }
}
