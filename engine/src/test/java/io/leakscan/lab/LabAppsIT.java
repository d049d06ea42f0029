package io.leakscan.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LabAppsIT {

    @RegisterExtension
    static LabAppExtension lab = LabAppExtension.of("brief-middleware-fixed");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void extensionRunsTheAppAndEchoAnswersItsNotFoundBody(LabApp app) throws Exception {
        assertEquals("127.0.0.1", app.baseUrl().getHost());
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(lab.app().uri("/no-such-route")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", response.body().strip());
    }

    @Test
    void anAppWithAnAdminListenerAnnouncesBothUrlsAndServesTelemetryOnlyOnTheAdminOne() throws Exception {
        try (LabApp app = LabApps.start("admin-listener-leaky")) {
            URI admin = app.adminUrl().orElseThrow(() -> new AssertionError("no admin URL read from " + app));
            assertEquals("127.0.0.1", app.baseUrl().getHost());
            assertEquals("127.0.0.1", admin.getHost());
            assertNotEquals(app.baseUrl().getPort(), admin.getPort());
            assertEquals(200, get(app.uri("/healthz")).statusCode());
            HttpResponse<String> metrics = get(URI.create(admin + "/metrics"));
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("process_open_fds"), "admin /metrics without process_open_fds");
            assertEquals(200, get(URI.create(admin + "/debug/pprof/goroutine?debug=1")).statusCode());
            assertEquals(200, get(URI.create(admin + "/debug/vars")).statusCode());
            for (String telemetry : List.of("/metrics", "/debug/pprof/", "/debug/vars")) {
                assertEquals(404, get(app.uri(telemetry)).statusCode(), telemetry + " on the API listener");
            }
        }
    }

    @Test
    void anAppWithoutAnAdminListenerHasNoAdminUrl(LabApp app) {
        assertTrue(app.adminUrl().isEmpty(), "admin URL of " + app);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void stopEndsTheProcess() throws Exception {
        LabApp app = LabApps.start("trap-slow");
        ProcessHandle handle = app.processHandle();
        try {
            HttpResponse<String> ping = http.send(HttpRequest.newBuilder(app.uri("/ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("pong", ping.body());
            assertTrue(handle.isAlive());
        } finally {
            app.stop();
        }
        assertFalse(handle.isAlive(), "lab app still running after stop()");
    }
}
