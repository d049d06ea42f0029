package io.leakscan.webhook;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real REST API over real HTTP, as one tenant. */
record Api(int port, String key, String tenantId) {

    Api(int port, String key) {
        this(port, key, null);
    }

    static final String BOOTSTRAP_KEY = "lsk_test_bootstrap_key_000000000000000000000";
    static final String ADMIN_KEY = "test-admin-key-000000000000000000000";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A fresh tenant with its own key, so tests do not see each other's subscriptions and scans. */
    static Api newTenant(int port, String name) {
        JsonNode created = JSON.readTree(new Api(port, ADMIN_KEY)
                .send("POST", "/api/v1/admin/tenants", "{\"name\":\"" + name + "\"}").body());
        return new Api(port, created.path("apiKey").path("key").asString(), created.path("id").asString());
    }

    HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode ok(String method, String path, String json) {
        HttpResponse<String> r = send(method, path, json);
        assertThat(r.statusCode()).as("%s %s -> %s", method, path, r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    JsonNode get(String path) {
        return ok("GET", path, null);
    }

    /** Creates a subscription; returns the answer (with its secret). */
    JsonNode subscribe(String url, String... events) {
        String list = String.join(",", Arrays.stream(events).map(e -> "\"" + e + "\"").toList());
        HttpResponse<String> r = send("POST", "/api/v1/webhooks",
                "{\"url\":\"" + url + "\",\"events\":[" + list + "],\"description\":\"test\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    /** Queues a scan of a closed loopback port (it ends FAILED within a second or so); returns its id. */
    String failingScan(String callbackUrl) {
        String callback = callbackUrl == null ? "" : ",\"callbackUrl\":\"" + callbackUrl + "\"";
        return ok("POST", "/api/v1/scans", "{\"target\":{\"baseUrl\":\"http://127.0.0.1:" + closedPort()
                + "\"},\"profile\":\"quick\"" + callback + "}").path("id").asString();
    }

    JsonNode awaitScan(String id, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = get("/api/v1/scans/" + id);
            return last[0].path("status").asString().equals(status);
        });
        return last[0];
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed again when this returns
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
