package io.leakscan.webhook;

import io.leakscan.lab.LabAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static io.leakscan.webhook.Api.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end with the real engine: a quick scan of a lab app with a known goroutine leak ends SUCCEEDED with
 * LEAKS_FOUND, and the receiver gets scan.succeeded and scan.leaks_found carrying that verdict, the counts the scan
 * resource shows and the leak as the top finding; the payload's report link is served by the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"leakscan.webhooks.allow-private-destinations=true", "leakscan.worker.scan-timeout=120s"})
class WebhookLabScanIT {

    @RegisterExtension
    static LabAppExtension leaky = LabAppExtension.of("chan-block-leaky");

    @LocalServerPort
    int port;

    @Test
    void aRealScanThatFindsALeakIsAnnouncedAsSucceededAndLeaksFound() throws Exception {
        Api api = Api.newTenant(port, "lab");
        try (Receiver receiver = new Receiver()) {
            String secret = api.subscribe(receiver.url("/lab"), "scan.succeeded", "scan.leaks_found", "scan.failed")
                    .path("secret").asString();
            String scan = api.ok("POST", "/api/v1/scans", """
                    {"target": {"baseUrl": "%s"},
                     "endpoints": [{"method": "GET", "path": "/quotes/ACME", "route": "/quotes/:symbol"},
                                   {"method": "GET", "path": "/healthz"}],
                     "profile": "quick", "echoSpecific": true,
                     "tuning": {"baselineSeconds": 1, "requestsPerRound": 60, "settleSeconds": 3}}"""
                    .formatted(leaky.baseUrl())).path("id").asString();
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() ->
                    receiver.forScan(scan).size() >= 2);
            JsonNode resource = api.get("/api/v1/scans/" + scan);
            assertThat(resource.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(resource.path("verdict").asString()).isEqualTo("LEAKS_FOUND");

            assertThat(receiver.forScan(scan).stream().map(r -> r.header("Leakscan-Event-Type")))
                    .containsExactlyInAnyOrder("scan.succeeded", "scan.leaks_found");
            Receiver.Received leaks = receiver.forScan(scan).stream()
                    .filter(r -> r.header("Leakscan-Event-Type").equals("scan.leaks_found")).findFirst().orElseThrow();
            assertThat(Signatures.verifyLegacy(leaks.header("Leakscan-Signature"), leaks.body(), secret,
                    Instant.now().getEpochSecond(), 300)).isTrue();
            JsonNode body = JSON.readTree(leaks.body());
            assertThat(body.path("scan").path("verdict").asString()).isEqualTo("LEAKS_FOUND");
            assertThat(body.path("scan").path("summary").asString()).isEqualTo(resource.path("summary").asString());
            int total = 0;
            for (var e : body.path("scan").path("countsBySeverity").properties()) {
                assertThat(e.getValue().asInt()).as(e.getKey())
                        .isEqualTo(resource.path("findingCounts").path(e.getKey()).asInt());
                total += e.getValue().asInt();
            }
            assertThat(body.path("scan").path("findingCount").asInt()).isEqualTo(total).isPositive();
            JsonNode top = body.path("topFindings");
            assertThat(top.size()).isBetween(1, 5);
            assertThat(top.valueStream().map(f -> f.path("kind").asString())).contains("GOROUTINE_LEAK");
            assertThat(top.valueStream().filter(f -> f.path("kind").asString().equals("GOROUTINE_LEAK"))
                    .map(f -> f.path("endpoint").path("path").asString())).contains("/quotes/:symbol");

            JsonNode report = api.get(body.path("links").path("report").asString());
            assertThat(report.toString()).contains(scan);
            assertThat(api.get(body.path("links").path("scan").asString()).path("id").asString()).isEqualTo(scan);
        }
    }
}
