package io.leakscan.scan;

import io.leakscan.lab.LabAppExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.leakscan.scan.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service against real Echo apps: a scan submitted through the API runs the engine, and its samples,
 * findings, discovery, verdict and every report format come back through the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.worker.scan-timeout=120s")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScanResultsIT {

    @RegisterExtension
    static LabAppExtension leaky = LabAppExtension.of("chan-block-leaky");

    @RegisterExtension
    static LabAppExtension fixed = LabAppExtension.of("chan-block-fixed");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static String leakyScan;

    ApiClient api() {
        return new ApiClient(port, ScanApiIntegrationIT.BOOTSTRAP_KEY);
    }

    static String scanOf(String baseUrl) {
        // a quick profile with small rounds: enough for a channel leak of one goroutine per request
        return """
                {"target": {"baseUrl": "%s"},
                 "endpoints": [{"method": "GET", "path": "/quotes/ACME", "route": "/quotes/:symbol"},
                               {"method": "GET", "path": "/healthz"}],
                 "profile": "quick", "echoSpecific": true,
                 "tuning": {"baselineSeconds": 1, "requestsPerRound": 60, "settleSeconds": 3}}"""
                .formatted(baseUrl);
    }

    JsonNode awaitFinal(ApiClient api, String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = json(api.get("/api/v1/scans/" + id));
            return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(last[0].path("status").asString());
        });
        return last[0];
    }

    @Test
    @Order(1)
    void leakyAppScannedThroughTheApiReportsTheLeakWithItsStackAndServesEveryResult() {
        ApiClient api = api();
        HttpResponse<String> created = api.post("/api/v1/scans", scanOf(leaky.baseUrl().toString()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        leakyScan = json(created).path("id").asString();

        // while it has not ended, the report is a 409 with a pointer to the event stream
        HttpResponse<String> early = api.get("/api/v1/scans/" + leakyScan + "/report?format=json");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(json(early).path("detail").asString()).contains("/events");

        // the phase column follows the engine's phases, with the endpoint under test
        List<String> seen = new ArrayList<>();
        JsonNode done;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        do {
            done = json(api.get("/api/v1/scans/" + leakyScan));
            String phase = done.path("phase").asString("") + " " + done.path("currentEndpoint").asString("");
            if (seen.isEmpty() || !seen.getLast().equals(phase)) {
                seen.add(phase);
            }
        } while (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(done.path("status").asString())
                && System.nanoTime() < deadline);

        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(seen).anySatisfy(p -> assertThat(p).startsWith("probing GET /quotes/:symbol"));
        assertThat(done.path("verdict").asString()).isEqualTo("LEAKS_FOUND");
        assertThat(done.path("findingCounts").path("HIGH").asInt() + done.path("findingCounts").path("CRITICAL").asInt())
                .isPositive();
        assertThat(done.path("currentEndpoint").isMissingNode()).isTrue();
        assertThat(done.path("discovery").path("offered").path("GOROUTINE_STACKS").path("chosen").asString())
                .startsWith("/debug/pprof/goroutine");
        assertThat(done.path("endpoints").get(0).path("route").asString()).isEqualTo("/quotes/:symbol");

        // findings: the leak, named by its route, with the app's own frame
        JsonNode findings = json(api.get("/api/v1/scans/" + leakyScan + "/findings"));
        assertThat(findings.path("verdict").asString()).isEqualTo("LEAKS_FOUND");
        JsonNode leak = null;
        for (JsonNode f : findings.path("findings")) {
            if (f.path("kind").asString().equals("GOROUTINE_LEAK")) {
                leak = f;
            }
        }
        assertThat(leak).as(findings.toString()).isNotNull();
        assertThat(leak.path("endpoint").path("path").asString()).isEqualTo("/quotes/:symbol");
        assertThat(leak.path("evidence").path("stacks").toString()).contains("chan-block-leaky/server.go").contains("\"line\":46")
                .contains("chan send");

        // samples, stored while it ran, downsampled on request
        JsonNode all = json(api.get("/api/v1/scans/" + leakyScan + "/samples"));
        int total = all.path("total").asInt();
        assertThat(total).isGreaterThan(20);
        assertThat(all.path("returned").asInt()).isEqualTo(total);
        assertThat(all.path("samples").get(0).path("values").path("GOROUTINES").isNumber()).isTrue();
        JsonNode few = json(api.get("/api/v1/scans/" + leakyScan + "/samples?maxPoints=10"));
        assertThat(few.path("total").asInt()).isEqualTo(total);
        assertThat(few.path("returned").asInt()).isBetween(2, 10);
        assertThat(api.get("/api/v1/scans/" + leakyScan + "/samples?maxPoints=1").statusCode()).isEqualTo(400);

        // goroutine profile snapshots were kept
        assertThat(jdbc.sql("SELECT count(*) FROM scan_profiles WHERE scan_id = CAST(:id AS uuid)")
                .param("id", leakyScan).query(Long.class).single()).isPositive();
    }

    @Test
    @Order(2)
    void everyReportFormatIsServedWithItsContentTypeAndFileName() {
        ApiClient api = api();
        record Expect(String format, String contentType, String fileSuffix, String marker) {
        }
        for (Expect e : List.of(
                new Expect("json", "application/json", ".json", "\"GOROUTINE_LEAK\""),
                new Expect("sarif", "application/sarif+json", ".sarif", "\"2.1.0\""),
                new Expect("junit", "application/xml", ".junit.xml", "<testsuites"),
                new Expect("html", "text/html", ".html", "<!DOCTYPE html>"),
                new Expect("markdown", "text/markdown", ".md", "GOROUTINE_LEAK"))) {
            HttpResponse<String> r = api.get("/api/v1/scans/" + leakyScan + "/report?format=" + e.format());
            assertThat(r.statusCode()).as(e.format()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith(e.contentType()));
            assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(cd -> assertThat(cd)
                    .startsWith("inline").contains("leakscan-" + leakyScan + e.fileSuffix()));
            assertThat(r.body()).as(e.format()).contains(e.marker());
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(e.format()).hasValue("nosniff");
            if (e.format().equals("html")) {
                // inline on the service's origin: nothing in it may run, load or frame anything
                assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                        .startsWith("default-src 'none'").contains("sandbox").doesNotContain("script-src"));
            }
        }
        HttpResponse<String> bad = api.get("/api/v1/scans/" + leakyScan + "/report?format=pdf");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("detail").asString()).contains("json, sarif, junit, html, markdown");
    }

    @Test
    @Order(3)
    void anotherTenantSeesNoneOfIt() {
        ApiClient admin = api().as(ScanApiIntegrationIT.ADMIN_KEY);
        HttpResponse<String> created = admin.post("/api/v1/admin/tenants", "{\"name\": \"results-other\"}");
        ApiClient other = api().as(json(created).path("apiKey").path("key").asString());
        for (String path : List.of("/findings", "/samples", "/report?format=html")) {
            HttpResponse<String> r = other.get("/api/v1/scans/" + leakyScan + path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).doesNotContain("GOROUTINE");
        }
    }

    @Test
    @Order(4)
    void theFixedTwinIsClean() {
        ApiClient api = api();
        String id = json(api.post("/api/v1/scans", scanOf(fixed.baseUrl().toString()))).path("id").asString();
        JsonNode done = awaitFinal(api, id);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("verdict").asString()).as(done.path("summary").asString()).isEqualTo("CLEAN");
        // the only thing left to report is that its pprof endpoints are readable without credentials
        assertThat(json(api.get("/api/v1/scans/" + id + "/findings")).path("findings"))
                .extracting(f -> f.path("kind").asString()).containsOnly("PROFILING_EXPOSED");
    }

    @Test
    @Order(5)
    void aScanThatFailsBeforeTheEngineStillHasAReport() {
        ApiClient api = api();
        String id = json(api.post("/api/v1/scans", "{\"target\": {\"baseUrl\": \"http://127.0.0.1:9\"}}"))
                .path("id").asString();
        JsonNode done = awaitFinal(api, id);
        assertThat(done.path("status").asString()).isEqualTo("FAILED");
        HttpResponse<String> report = api.get("/api/v1/scans/" + id + "/report?format=json");
        assertThat(report.statusCode()).isEqualTo(200);
        JsonNode r = json(report);
        assertThat(r.path("verdict").asString()).isEqualTo("INCONCLUSIVE");
        assertThat(r.path("scan").path("status").asString()).isEqualTo("FAILED");
        assertThat(r.path("scan").path("failure").path("code").asString()).isEqualTo("CONNECTION_REFUSED");
    }

    @Test
    @Order(6)
    void cancellingAScanWhileItProbesStopsItQuicklyAndItsReportSaysCancelled() {
        ApiClient api = api();
        String body = """
                {"target": {"baseUrl": "%s"},
                 "endpoints": [{"method": "GET", "path": "/quotes/ACME", "route": "/quotes/:symbol"}],
                 "profile": "deep"}""".formatted(leaky.baseUrl());
        String id = json(api.post("/api/v1/scans", body)).path("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(api.get("/api/v1/scans/" + id)).path("phase").asString().equals("probing"));
        long asked = System.nanoTime();
        assertThat(api.post("/api/v1/scans/" + id + "/cancel", "").statusCode()).isEqualTo(202);
        JsonNode done = awaitFinal(api, id);
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(done.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(took).isLessThan(Duration.ofSeconds(5)); // the worker sees a cancel within 0.5 s, traffic stops within 1 s
        JsonNode report = json(api.get("/api/v1/scans/" + id + "/report?format=json"));
        assertThat(report.path("scan").path("status").asString()).isEqualTo("CANCELLED");
        assertThat(report.path("verdict").asString()).isEqualTo("INCONCLUSIVE");
    }
}
