package io.leakscan.cli;

import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The body {@code --server} mode submits: the service's ScanRequest fields, from the same options. */
class ServerClientTest {

    private static ScanSettings settings(String... args) {
        ScanCommand cmd = new ScanCommand(Terminal.PIPE, Clock.systemUTC());
        new picocli.CommandLine(cmd).parseArgs(args);
        return cmd.settings();
    }

    @Test
    void everyOptionMapsOntoTheScanRequest() {
        String json = ServerClient.body(settings("http://127.0.0.1:8081", "--profile", "quick", "--echo-specific",
                "--endpoint", "GET /users/:id /users/42", "--endpoint", "post /orders",
                "--header", "Authorization: Bearer t0ken", "--telemetry", "/internal/mem",
                "--rps", "50", "--concurrency", "4", "--max-duration", "90s")).toString();

        assertThat(json).isEqualTo("{\"target\":{\"baseUrl\":\"http://127.0.0.1:8081\",\"headers\":"
                + "{\"Authorization\":\"Bearer t0ken\"}},\"endpoints\":["
                + "{\"method\":\"GET\",\"path\":\"/users/42\",\"headers\":{},\"route\":\"/users/:id\"},"
                + "{\"method\":\"POST\",\"path\":\"/orders\",\"headers\":{}}],"
                + "\"profile\":\"quick\",\"echoSpecific\":true,\"telemetry\":{\"paths\":[\"/internal/mem\"]},"
                + "\"limits\":{\"maxRequestsPerSecond\":50,\"maxConcurrency\":4,\"maxDurationSeconds\":90}}");
    }

    @Test
    void withoutEndpointsOrLimitsItScansGetSlashWithTheServersDefaults() {
        String json = ServerClient.body(settings("https://staging.example/")).toString();
        assertThat(json).isEqualTo("{\"target\":{\"baseUrl\":\"https://staging.example/\",\"headers\":{}},"
                + "\"endpoints\":[{\"method\":\"GET\",\"path\":\"/\",\"headers\":{}}],\"profile\":\"memory\","
                + "\"echoSpecific\":false}");
    }
}
