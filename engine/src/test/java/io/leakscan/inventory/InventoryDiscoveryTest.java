package io.leakscan.inventory;

import com.sun.net.httpserver.HttpServer;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code auto} and URL sources against a small HTTP server on loopback, through the guarded target client. */
class InventoryDiscoveryTest {

    private HttpServer server;
    private URI base;
    private final Map<String, String> served = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            String body = served.get(exchange.getRequestURI().getPath());
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Inventory resolve(String source) {
        TargetSpec target = new TargetSpec(base, Map.of("Authorization", "Bearer t"));
        try (TargetDescriptionFetcher fetcher = new TargetDescriptionFetcher(target,
                new AddressGuard(TargetPolicy.loopbackOnly()))) {
            return new EndpointInventory(InventoryFixtures.CLOCK).resolve(DescriptionSource.parse(source), base,
                    fetcher, InventoryOptions.defaults());
        }
    }

    @Test
    void autoTriesTheWellKnownPathsInOrderAndRecordsEachAnswer() {
        served.put("/swagger.json", "<html>not it</html>");
        served.put("/openapi.json", InventoryFixtures.text("swaggo-shop/swagger.json"));

        Inventory inv = resolve("auto");

        assertThat(inv.source()).isEqualTo(base + "/openapi.json");
        assertThat(inv.attempts()).extracting(DiscoveryAttempt::toString).containsExactly(
                "/swagger/doc.json -> 404 not found", "/swagger/swagger.json -> 404 not found",
                "/swagger.json -> 200 not a description", "/openapi.json -> 200 found");
        assertThat(inv.endpoints()).hasSize(3);
        assertThat(requests).hasSize(4).allMatch(r -> r.startsWith("GET ") && r.endsWith("auth=Bearer t"));
    }

    @Test
    void autoFindingNothingListsEveryPathTried() {
        assertThatThrownBy(() -> resolve("auto"))
                .isInstanceOf(InventoryException.class)
                .hasMessage("no API description found on " + base + "; tried /swagger/doc.json -> 404 not found, "
                        + "/swagger/swagger.json -> 404 not found, /swagger.json -> 404 not found, /openapi.json -> "
                        + "404 not found, /openapi.yaml -> 404 not found, /v3/api-docs -> 404 not found, /api-docs -> "
                        + "404 not found");
    }

    @Test
    void aUrlSourceIsFetchedOnceAndAnErrorStatusSaysSo() {
        served.put("/docs/openapi.yaml", InventoryFixtures.text("things-3.1.yaml"));

        Inventory inv = resolve(base + "/docs/openapi.yaml");

        assertThat(inv.endpoints()).extracting(e -> e.route().toString())
                .containsExactly("GET /api/things/:thingId/parts/:partNo");
        assertThat(requests).containsExactly("GET /docs/openapi.yaml auth=Bearer t");
        assertThatThrownBy(() -> resolve(base + "/missing.json"))
                .hasMessage("cannot fetch the description " + base + "/missing.json: HTTP 404");
    }

    @Test
    void aUrlTheTargetRulesRefuseIsNotFetched() {
        assertThatThrownBy(() -> resolve("http://169.254.169.254/openapi.json"))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining("169.254.169.254");
        assertThat(requests).isEmpty();
    }
}
