package io.leakscan.scan;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.leakscan.scan.ApiClient.JSON;
import static io.leakscan.scan.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API's {@code inventory}: checked at submit (problem+json naming the field), resolved in the discovery phase,
 * stored with the scan and shown on it. The recording phase stands in for the engine: this tests resolution and the
 * resource, not detection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.scan.engine.enabled=false")
@Import(ScanTestConfiguration.class)
class ScanInventoryApiIT {

    /** swaggo's output for a small Echo service (see src/test/resources/inventory/swaggo-shop/README.md). */
    static String swaggo;
    static EchoLikeServer echo;
    static HttpServer descriptions;

    @LocalServerPort
    int port;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = ScanInventoryApiIT.class.getResourceAsStream("/inventory/swaggo-shop/swagger.json")) {
            swaggo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        echo = new EchoLikeServer();
        descriptions = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        descriptions.createContext("/swagger/doc.json", exchange -> {
            byte[] body = swaggo.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        descriptions.start();
    }

    @AfterAll
    static void stop() {
        echo.close();
        descriptions.stop(0);
    }

    ApiClient api() {
        return new ApiClient(port, ScanApiIntegrationIT.BOOTSTRAP_KEY);
    }

    static String descriptionsUrl() {
        return "http://127.0.0.1:" + descriptions.getAddress().getPort() + "/swagger/doc.json";
    }

    /** A scan of the echo-like target with this inventory (and the target's Bearer token unless {@code noAuth}). */
    static String scan(ObjectNode inventory, boolean noAuth) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode target = root.putObject("target");
        target.put("baseUrl", echo.baseUrl());
        if (!noAuth) {
            target.putObject("headers").put("Authorization", "Bearer target-secret");
        }
        root.set("inventory", inventory);
        root.put("profile", "quick");
        return root.toString();
    }

    static ObjectNode document(String text) {
        ObjectNode inventory = JSON.createObjectNode();
        inventory.putObject("openapi").put("document", text);
        return inventory;
    }

    JsonNode awaitFinished(ApiClient api, String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = json(api.get("/api/v1/scans/" + id));
            return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(last[0].path("status").asString());
        });
        return last[0];
    }

    @Test
    void aDocumentIsResolvedInDiscoveryAndTheScanShowsWhatItLoadedAndSkipped() {
        ApiClient api = api();
        HttpResponse<String> created = api.post("/api/v1/scans", scan(document(swaggo), false));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode queued = json(created).path("inventory");
        assertThat(queued.path("document").asBoolean()).isTrue();
        assertThat(queued.has("source")).as("not resolved yet").isFalse();
        assertThat(created.body()).doesNotContain("\"swagger\"").doesNotContain("target-secret");

        JsonNode scan = awaitFinished(api, json(created).path("id").asString());
        assertThat(scan.path("status").asString()).as(scan.toString()).isEqualTo("SUCCEEDED");
        JsonNode inv = scan.path("inventory");
        assertThat(inv.path("source").asString()).isEqualTo("request");
        assertThat(inv.path("endpoints").valueStream().map(e -> e.path("method").asString() + " "
                + e.path("route").asString()).toList()).containsExactly("GET /api/v1/admin/stats",
                "GET /api/v1/reports/:day", "GET /api/v1/users", "GET /api/v1/users/:id");
        assertThat(inv.path("skipped").valueStream().map(s -> s.path("method").asString() + " "
                + s.path("route").asString()).toList()).containsExactly("POST /api/v1/avatars",
                "GET /api/v1/legacy/ping", "POST /api/v1/login", "POST /api/v1/orders", "PUT /api/v1/orders/:id",
                "DELETE /api/v1/orders/:id");
        assertThat(inv.path("skipped").get(1).path("reason").asString()).isEqualTo("deprecated");
        assertThat(inv.path("skipped").get(0).path("reason").asString()).startsWith("POST may change state");
    }

    @Test
    void aUrlIsFetchedUnderTheTargetRulesWithTheFiltersAndEachAttemptShows() {
        ApiClient api = api();
        ObjectNode inventory = JSON.createObjectNode();
        inventory.putObject("openapi").put("url", descriptionsUrl());
        inventory.putArray("include").add("/api/v1/users*").add("POST /api/v1/orders");
        inventory.put("includeUnsafe", true);
        HttpResponse<String> created = api.post("/api/v1/scans", scan(inventory, false));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);

        JsonNode scan = awaitFinished(api, json(created).path("id").asString());
        assertThat(scan.path("status").asString()).as(scan.toString()).isEqualTo("SUCCEEDED");
        JsonNode inv = scan.path("inventory");
        assertThat(inv.path("url").asString()).isEqualTo(descriptionsUrl());
        assertThat(inv.path("source").asString()).isEqualTo(descriptionsUrl());
        assertThat(inv.path("attempts").get(0).path("status").asInt()).isEqualTo(200);
        assertThat(inv.path("endpoints").valueStream().map(e -> e.path("method").asString() + " "
                + e.path("path").asString()).toList()).containsExactly("POST /api/v1/orders",
                "GET /api/v1/users?q=leakscan", "GET /api/v1/users/42");
        JsonNode order = inv.path("endpoints").valueStream()
                .filter(e -> e.path("method").asString().equals("POST")).findFirst().orElseThrow();
        assertThat(order.path("contentType").asString()).isEqualTo("application/json");
        assertThat(order.path("body").asString()).startsWith("{\"customerId\":");
        assertThat(inv.path("skipped").valueStream().map(s -> s.path("reason").asString()))
                .contains("not matched by any include glob");
    }

    @Test
    void autoTriesTheTargetsWellKnownPathsAndShowsEachAttempt() {
        ApiClient api = api();
        ObjectNode root = JSON.createObjectNode();
        String base = "http://127.0.0.1:" + descriptions.getAddress().getPort();
        root.putObject("target").put("baseUrl", base);
        root.putObject("inventory").put("includeUnsafe", true).putObject("openapi").put("url", "AUTO");
        root.put("profile", "quick");
        HttpResponse<String> created = api.post("/api/v1/scans", root.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);

        JsonNode scan = awaitFinished(api, json(created).path("id").asString());
        assertThat(scan.path("status").asString()).as(scan.toString()).isEqualTo("SUCCEEDED");
        JsonNode inv = scan.path("inventory");
        assertThat(inv.path("url").asString()).isEqualTo("AUTO");
        assertThat(inv.path("source").asString()).isEqualTo(base + "/swagger/doc.json");
        assertThat(inv.path("attempts").get(0).path("status").asInt()).isEqualTo(200);
        assertThat(inv.path("endpoints").valueStream().map(e -> e.path("method").asString() + " "
                + e.path("route").asString()).toList()).contains("POST /api/v1/login", "GET /api/v1/users/:id");

        ObjectNode notAWord = JSON.createObjectNode();
        notAWord.putObject("openapi").put("url", "automatic");
        HttpResponse<String> refusedUrl = api.post("/api/v1/scans", scan(notAWord, false));
        assertThat(refusedUrl.statusCode()).as(refusedUrl.body()).isEqualTo(400);
        assertThat(json(refusedUrl).path("errors").get(0).path("field").asString()).isEqualTo("inventory.openapi.url");
    }

    @Test
    void aDescriptionThatCannotBeFetchedFailsTheScanWithTheReason() {
        ApiClient api = api();
        ObjectNode inventory = JSON.createObjectNode();
        inventory.putObject("openapi").put("url", echo.baseUrl() + "/no/such/doc.json");
        HttpResponse<String> created = api.post("/api/v1/scans", scan(inventory, false));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);

        JsonNode scan = awaitFinished(api, json(created).path("id").asString());
        assertThat(scan.path("status").asString()).isEqualTo("FAILED");
        assertThat(scan.path("failure").path("code").asString()).isEqualTo("INVENTORY_FAILED");
        assertThat(scan.path("failure").path("message").asString()).isEqualTo("The API description could not be "
                + "used: cannot fetch the description " + echo.baseUrl() + "/no/such/doc.json: HTTP 404.");
    }

    private static void refused(HttpResponse<String> r, String field, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json(r);
        assertThat(problem.path("detail").asString()).isEqualTo(field + ": " + detail);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
    }

    @Test
    void badInventoriesAreRefusedAtSubmitNamingTheField() {
        ApiClient api = api();
        ObjectNode both = JSON.createObjectNode();
        both.putObject("openapi").put("url", descriptionsUrl()).put("document", swaggo);
        refused(api.post("/api/v1/scans", scan(both, false)), "inventory.openapi",
                "give either url or document, not both");

        ObjectNode neither = JSON.createObjectNode();
        neither.putObject("openapi");
        refused(api.post("/api/v1/scans", scan(neither, false)), "inventory.openapi", "give either url or document");

        HttpResponse<String> broken = api.post("/api/v1/scans", scan(document("{\n  \"swagger\": \"2.0\",\n"
                + "  \"paths\": {,}\n}"), false));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).path("detail").asString()).startsWith("inventory.openapi.document: the description "
                + "request does not parse at line 3, column ");
        assertThat(json(broken).path("errors").get(0).path("field").asString())
                .isEqualTo("inventory.openapi.document");

        ObjectNode unmatched = document(swaggo);
        unmatched.putArray("exclude").add("/nowhere/*");
        refused(api.post("/api/v1/scans", scan(unmatched, false)), "inventory.exclude", "the exclude glob "
                + "'/nowhere/*' matches no operation in request (its routes look like GET /api/v1/admin/stats, "
                + "POST /api/v1/avatars, GET /api/v1/legacy/ping).");

        ObjectNode malformed = JSON.createObjectNode();
        malformed.putObject("openapi").put("url", descriptionsUrl());
        malformed.putArray("include").add("GET users");
        refused(api.post("/api/v1/scans", scan(malformed, false)), "inventory.include", "invalid include glob "
                + "'GET users': expected \"METHOD /path\" or \"/path\" with * for any characters, e.g. "
                + "\"DELETE /api/v1/*\".");

        ObjectNode outside = JSON.createObjectNode();
        outside.putObject("openapi").put("url", "http://10.255.255.1/swagger/doc.json");
        refused(api.post("/api/v1/scans", scan(outside, false)), "inventory.openapi.url", "10.255.255.1 is not a "
                + "loopback address and not in the target allow-list; add the host name or a CIDR to the allow-list "
                + "to scan it.");

        ObjectNode nothingSafe = document(swaggo);
        nothingSafe.putArray("include").add("POST /api/v1/login");
        HttpResponse<String> empty = api.post("/api/v1/scans", scan(nothingSafe, true));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).path("detail").asString()).startsWith("inventory.openapi.document: the description "
                + "yields no endpoint to scan; skipped [");

        HttpResponse<String> noOpenApi = api.post("/api/v1/scans", scan(JSON.createObjectNode(), false));
        assertThat(noOpenApi.statusCode()).isEqualTo(400);
        assertThat(json(noOpenApi).path("errors").get(0).path("field").asString()).isEqualTo("inventory.openapi");
    }
}
