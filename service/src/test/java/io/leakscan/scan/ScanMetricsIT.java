package io.leakscan.scan;

import io.leakscan.telemetry.parse.MetricsParser;
import io.leakscan.telemetry.parse.MetricsScrape;
import io.leakscan.telemetry.parse.MetricsScrape.MetricSample;
import io.leakscan.telemetry.parse.ParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.leakscan.scan.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * /actuator/prometheus, scraped and parsed with Leakscan's own Prometheus parser: the queue per tenant, claims, the
 * wait and run time of a finished scan. Same context as {@link ScanApiIntegrationIT}, so Spring reuses it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.scan.engine.enabled=false")
@Import(ScanTestConfiguration.class)
class ScanMetricsIT {

    static EchoLikeServer echo;

    @LocalServerPort
    int port;
    @Autowired
    ScanMetrics metrics;

    @BeforeAll
    static void startTarget() throws IOException {
        echo = new EchoLikeServer();
    }

    @AfterAll
    static void stopTarget() {
        echo.close();
    }

    List<MetricSample> scrape() {
        HttpResponse<String> r = new ApiClient(port, null).get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        ParseResult<MetricsScrape> parsed = MetricsParser.DEFAULT.parse(
                new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed<MetricsScrape>) parsed).value().samples();
    }

    static List<MetricSample> named(List<MetricSample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    @Test
    void aHeldScanShowsAsRunningForItsTenantAndAFinishedOneAsDurationByProfileAndState() {
        ApiClient api = new ApiClient(port, ScanApiIntegrationIT.BOOTSTRAP_KEY);
        String held = json(api.post("/api/v1/scans", ScanApiIntegrationIT.scanOf(echo.baseUrl(), "/hold")))
                .path("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> json(api.get("/api/v1/scans/" + held)).path("status")
                .asString().equals("RUNNING"));
        metrics.refreshQueue();
        assertThat(named(scrape(), "leakscan_scans", Map.of("state", "running"))).singleElement()
                .satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1.0))
                .satisfies(s -> assertThat(s.labels().get("tenant")).matches("[0-9a-f-]{36}"));
        assertThat(named(scrape(), "leakscan_scan_claim_seconds_count", Map.of("found", "true")))
                .singleElement().satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1));

        assertThat(api.post("/api/v1/scans/" + held + "/cancel", "").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> json(api.get("/api/v1/scans/" + held)).path("status")
                .asString().equals("CANCELLED"));
        List<MetricSample> after = scrape();
        assertThat(named(after, "leakscan_scan_duration_seconds_count",
                Map.of("profile", "quick", "state", "cancelled", "verdict", "none")))
                .singleElement().satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1));
        assertThat(named(after, "leakscan_scan_queue_wait_seconds_count", Map.of("profile", "quick")))
                .singleElement().satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1));
    }
}
