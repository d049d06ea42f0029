package io.leakscan.scan;

import io.leakscan.lab.LabAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.leakscan.scan.ApiClient.JSON;
import static io.leakscan.scan.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's side of scanning a service from its description: a scan request with an {@code inventory}
 * ({@code openapi.url: auto}, unsafe methods included, its orders and admin routes by {@code include} globs, the admin
 * token in {@code target.headers}) against the lab's 31-route shop service, run by a real worker and engine. Discovery resolves swaggo's description into endpoints
 * with bodies, and the findings name exactly the two leaks lab/catalog.json expects, with kind, route and scope.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.worker.scan-timeout=10m")
class InventoryLabScanIT {

    static final Set<String> LEAK_KINDS = Set.of("GOROUTINE_LEAK", "LINGERING_GOROUTINES", "ABORT_IGNORED",
            "HEAP_GROWTH", "FD_LEAK", "KEY_CARDINALITY_GROWTH");

    @RegisterExtension
    static LabAppExtension service = LabAppExtension.of("service-leaky");

    @LocalServerPort
    int port;

    /**
     * A scan request for the lab's shop service from its own description ({@code openapi.url: auto}, unsafe methods
     * included), the admin token in {@code target.headers}, no limits.
     */
    static ObjectNode shopServiceScan(LabAppExtension service, String profile) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("target").put("baseUrl", service.baseUrl().toString())
                .putObject("headers").put("Authorization", "Bearer lab-token");
        root.putObject("inventory").put("includeUnsafe", true).putObject("openapi").put("url", "auto");
        root.put("profile", profile);
        return root;
    }

    @Test
    void anInventoryScanOfTheShopServiceFindsItsTwoLeaksExactly() {
        ApiClient api = new ApiClient(port, ScanApiIntegrationIT.BOOTSTRAP_KEY);
        ObjectNode root = shopServiceScan(service, "quick");
        // The orders and admin routes, where the two leaks are: the service's side of a scan from a description with
        // include globs, 120 s of the build instead of 148 s for all 31 routes (CliOpenApiScanIT scans them all)
        ((ObjectNode) root.get("inventory")).putArray("include").add("/api/v1/orders*").add("/api/v1/admin/*");
        HttpResponse<String> created = api.post("/api/v1/scans", root.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = json(created).path("id").asString();

        JsonNode[] scan = new JsonNode[1];
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            scan[0] = json(api.get("/api/v1/scans/" + id));
            return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(scan[0].path("status").asString());
        });
        assertThat(scan[0].path("status").asString()).as(scan[0].toString()).isEqualTo("SUCCEEDED");
        assertThat(scan[0].path("verdict").asString()).isEqualTo("LEAKS_FOUND");
        JsonNode inventory = scan[0].path("inventory");
        assertThat(inventory.path("source").asString()).isEqualTo(service.baseUrl() + "/swagger/doc.json");
        assertThat(inventory.path("endpoints").valueStream().map(e -> e.path("route").asString()))
                .as("only what the globs include").isNotEmpty()
                .allMatch(r -> r.startsWith("/api/v1/orders") || r.startsWith("/api/v1/admin/"));
        assertThat(inventory.path("endpoints").valueStream().filter(e -> e.path("route").asString()
                .equals("/api/v1/orders") && e.path("method").asString().equals("POST"))
                .map(e -> e.path("body").asString())).singleElement().asString().startsWith("{");

        JsonNode findings = json(api.get("/api/v1/scans/" + id + "/findings"));
        Set<String> leaks = findings.path("findings").valueStream().filter(f -> LEAK_KINDS.contains(f.path("kind").asString()))
                .map(f -> f.path("endpoint").path("method").asString() + " "
                        + f.path("endpoint").path("path").asString() + " " + f.path("kind").asString() + " "
                        + f.path("scope").asString())
                .collect(Collectors.toSet());
        assertThat(leaks).as(findings.toString()).containsExactlyInAnyOrder(
                "POST /api/v1/orders GOROUTINE_LEAK HANDLER",
                "POST /api/v1/admin/reports HEAP_GROWTH HANDLER");
    }
}
