package io.leakscan.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LabAppsTest {

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
