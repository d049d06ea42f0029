package io.leakscan.scan;

import io.leakscan.lab.LabAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;

import static io.leakscan.scan.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A memory scan of the whole shop service that asks for no duration runs under the duration the worker sized for its
 * plan, and the scan resource says so: before, it showed the 15-minute default it started from while the scan ran
 * with up to 60. Cancelled as soon as the sized limit shows, before most of the load.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.worker.scan-timeout=10m")
class ScanDurationFromPlanIT {

    @RegisterExtension
    static LabAppExtension service = LabAppExtension.of("service-fixed");

    @LocalServerPort
    int port;

    @Test
    void theScanResourceShowsTheDurationSizedForThePlan() {
        ApiClient api = new ApiClient(port, ScanApiIntegrationIT.BOOTSTRAP_KEY);
        HttpResponse<String> created = api.post("/api/v1/scans",
                InventoryLabScanIT.shopServiceScan(service, "memory").toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode accepted = json(created);
        String id = accepted.path("id").asString();
        assertThat(accepted.path("limits").path("maxDurationSeconds").asInt()).as("the default, until it runs")
                .isEqualTo(900);
        assertThat(accepted.path("limits").path("durationFromPlan").asBoolean()).isTrue();

        JsonNode[] scan = new JsonNode[1];
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
                scan[0] = json(api.get("/api/v1/scans/" + id));
                return scan[0].path("limits").path("maxDurationSeconds").asInt() != 900
                        || !scan[0].path("status").asString().matches("QUEUED|RUNNING");
            });
        } finally {
            api.post("/api/v1/scans/" + id + "/cancel", "");
        }
        assertThat(scan[0].path("status").asString()).as(scan[0].toString()).isEqualTo("RUNNING");
        // 29 operations with memory plan ~219,000 requests, at least 18 min at 200 req/s: room for that, within the
        // 60-minute maximum
        assertThat(scan[0].path("limits").path("maxDurationSeconds").asInt()).isBetween(18 * 60 + 1, 3600);
        assertThat(scan[0].path("limits").path("durationFromPlan").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                json(api.get("/api/v1/scans/" + id)).path("status").asString().equals("CANCELLED"));
    }
}
