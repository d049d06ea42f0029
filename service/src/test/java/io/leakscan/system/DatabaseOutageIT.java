package io.leakscan.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops under a running service and starts again: meanwhile the API answers 503 problem+json with
 * Retry-After (the API key check in the filter and the controllers alike) instead of a 500 or a hang, and afterwards
 * it serves again with nothing lost.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "leakscan.worker.enabled=false", "leakscan.schedules.enabled=false",
        "leakscan.webhooks.dispatcher-enabled=false", "spring.datasource.hikari.connection-timeout=1000"})
@DirtiesContext
class DatabaseOutageIT {

    static final Path DATA;
    static final int PORT;
    static final String KEY = "lsk_test_bootstrap_key_000000000000000000000";
    static EmbeddedPostgres restarted;

    static {
        try {
            DATA = Files.createTempDirectory("outage-postgres").resolve("data");
            try (ServerSocket s = new ServerSocket(0)) {
                PORT = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void persistentDatabase(DynamicPropertyRegistry registry) {
        // a data directory and port of its own, so the same database can start again where it stopped
        registry.add("leakscan.embedded-postgres.data-directory", DATA::toString);
        registry.add("leakscan.embedded-postgres.port", () -> PORT);
    }

    @AfterAll
    static void stopTheRestartedDatabase() throws IOException {
        if (restarted != null) {
            restarted.close();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedPostgres postgres;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(20));
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whileTheDatabaseIsAwayTheApiAnswers503AndAfterwardsNothingIsLost() throws Exception {
        HttpResponse<String> submitted = send("POST", "/api/v1/scans",
                "{\"target\": {\"baseUrl\": \"http://127.0.0.1:9501\"}, \"profile\": \"quick\"}");
        assertThat(submitted.statusCode()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();

        postgres.close();

        for (String[] call : new String[][] {{"GET", "/api/v1/scans", null},
                {"POST", "/api/v1/scans", "{\"target\": {\"baseUrl\": \"http://127.0.0.1:9502\"}}"}}) {
            long started = System.nanoTime();
            HttpResponse<String> away = send(call[0], call[1], call[2]);
            assertThat(away.statusCode()).as(call[0] + " " + call[1] + ": " + away.body()).isEqualTo(503);
            assertThat(away.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(away.headers().firstValue("Retry-After")).hasValue("10");
            assertThat(away.body()).contains("database-unavailable").contains("Retry in 10 seconds")
                    .doesNotContain("Exception").doesNotContain("jdbc");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no hang").isLessThan(Duration.ofSeconds(10));
        }

        restarted = EmbeddedPostgresConfiguration.startOn(DATA, PORT);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(send("GET", location.replace("http://127.0.0.1:" + port, ""), null).statusCode())
                        .isEqualTo(200));
        assertThat(send("GET", "/api/v1/scans", null).body()).contains("http://127.0.0.1:9501")
                .doesNotContain("http://127.0.0.1:9502");
    }
}
