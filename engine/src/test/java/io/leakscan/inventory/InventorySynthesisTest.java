package io.leakscan.inventory;

import io.leakscan.engine.ScanEndpoint;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.swagger.v3.oas.models.servers.Server;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static io.leakscan.inventory.InventoryFixtures.endpoint;
import static io.leakscan.inventory.InventoryFixtures.inventory;
import static io.leakscan.inventory.InventoryFixtures.unsafeWith;
import static org.assertj.core.api.Assertions.assertThat;

/** OpenAPI 3.0 and 3.1 documents with $ref, composition, cycles and no examples. */
class InventorySynthesisTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> API_KEY = Map.of("X-API-Key", "k");

    @Test
    void serverVariablesGiveThePrefixAndParametersTheirValues() {
        Inventory inv = inventory("orders-3.0.yaml", new InventoryOptions(List.of(), List.of(), false, API_KEY,
                ValueOverrides.NONE));

        ScanEndpoint get = endpoint(inv, "GET /shop/v2/orders/:orderId");
        assertThat(get.request().path()).isEqualTo("/shop/v2/orders/" + SampleValues.UUID + "?expand=items");
        assertThat(get.request().headers()).containsExactly(Map.entry("X-Request-Id", SampleValues.UUID));
        assertThat(endpoint(inv, "GET /shop/v2/orders").request().path())
                .isEqualTo("/shop/v2/orders?since=2026-03-04T05%3A06%3A07Z&limit=5&status=open");
        assertThat(endpoint(inv, "GET /shop/v2/health").request().path()).isEqualTo("/shop/v2/health");
    }

    @Test
    void bodiesComeFromNamedExamplesThroughRefs() throws Exception {
        Inventory inv = inventory("orders-3.0.yaml", unsafeWith(API_KEY));

        ScanEndpoint post = endpoint(inv, "POST /shop/v2/orders");
        assertThat(JSON.readTree(post.request().body())).isEqualTo(JSON.readTree(
                "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"SKU-9\",\"quantity\":2}]}"));
    }

    @Test
    void withoutExamplesBodiesAreSynthesizedFromRefsAndComposition() {
        Inventory inv = inventory("orders-3.0.yaml", unsafeWith(API_KEY));

        JsonNode put = JSON.readTree(endpoint(inv, "PUT /shop/v2/orders/:orderId").request().body());
        assertThat(put.path("customerId").asString()).isEqualTo("leakscan");
        assertThat(put.path("items")).hasSize(2);
        assertThat(put.path("items").get(0).toString()).isEqualTo("{\"sku\":\"leakscan\",\"quantity\":1}");
        assertThat(put.path("shipping").toString()).isEqualTo("{\"line1\":\"leak\",\"country\":\"NL\"}");
        assertThat(put.path("placedAt").asString()).isEqualTo("2026-03-04T05:06:07Z");
        assertThat(put.has("note")).isFalse();
        assertThat(put.has("id")).as("readOnly").isFalse();

        JsonNode payment = JSON.readTree(endpoint(inv, "POST /shop/v2/payments").request().body());
        assertThat(payment.path("amount").decimalValue()).isEqualByComparingTo("1");
        assertThat(payment.path("method").toString()).isEqualTo("{\"number\":\"4111111111111111\"}");
        assertThat(payment.has("memo")).isFalse();
    }

    @Test
    void aCircularSchemaStopsInsteadOfRecursing() {
        Inventory inv = inventory("orders-3.0.yaml", unsafeWith(API_KEY));

        JsonNode category = JSON.readTree(endpoint(inv, "POST /shop/v2/categories").request().body());
        assertThat(category.toString()).isEqualTo("{\"name\":\"leakscan\",\"parent\":null,\"children\":[]}");
    }

    @Test
    void formAndMultipartBodiesAndUnsupportedTypesAreSkippedWithTheirReason() {
        Inventory inv = inventory("orders-3.0.yaml", unsafeWith(API_KEY));

        Endpoint login = endpoint(inv, "POST /shop/v2/login").request();
        assertThat(login.body()).isEqualTo("user=leakscan%40example.com&password=leakscanleak");
        Endpoint avatar = endpoint(inv, "POST /shop/v2/avatars").request();
        assertThat(avatar.body()).isEqualTo("--" + RequestBodies.BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"image\"; filename=\"leakscan.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nleakscan\r\n"
                + "--" + RequestBodies.BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"caption\"\r\n\r\nleakscan\r\n"
                + "--" + RequestBodies.BOUNDARY + "--\r\n");
        assertThat(inv.skipped()).extracting(SkippedOperation::toString).containsExactlyInAnyOrder(
                "PUT /shop/v2/blobs: its body types (application/octet-stream) are none of JSON, form-urlencoded, "
                        + "multipart or text",
                "GET /shop/v2/admin/users: its security needs the Authorization header (scheme bearer), which the "
                        + "scan does not send",
                "GET /shop/v2/legacy: deprecated");
    }

    @Test
    void documentSecurityAppliesUnlessAnOperationTurnsItOff() {
        Inventory inv = inventory("orders-3.0.yaml", InventoryOptions.defaults());

        assertThat(inv.endpoints()).extracting(e -> e.route().toString()).containsExactly("GET /shop/v2/health");
        assertThat(inv.skipped()).filteredOn(s -> s.route().equals("/shop/v2/orders") && s.method().equals("GET"))
                .singleElement().extracting(SkippedOperation::reason)
                .isEqualTo("its security needs the X-API-Key header (scheme apiKey), which the scan does not send");
    }

    @Test
    void userValuesReplaceGeneratedOnesByNameAndWholeRequestsByRoute() {
        Endpoint mine = new Endpoint("POST", "/shop/v2/categories", "{\"name\":\"mine\"}", "application/json",
                Map.of());
        ValueOverrides overrides = new ValueOverrides(Map.of("orderId", "o-17", "limit", "9", "customerId", "c-9",
                "quantity", "4"), Map.of(new EndpointRef("POST", "/shop/v2/categories"), mine));
        Inventory inv = inventory("orders-3.0.yaml", new InventoryOptions(List.of(), List.of(), true, API_KEY,
                overrides));

        assertThat(endpoint(inv, "GET /shop/v2/orders/:orderId").request().path()).startsWith("/shop/v2/orders/o-17?");
        assertThat(endpoint(inv, "GET /shop/v2/orders").request().path()).contains("limit=9");
        JsonNode put = JSON.readTree(endpoint(inv, "PUT /shop/v2/orders/:orderId").request().body());
        assertThat(put.path("customerId").asString()).isEqualTo("c-9");
        assertThat(put.path("items").get(0).path("quantity").isNumber()).isTrue();
        assertThat(put.path("items").get(0).path("quantity").asInt()).isEqualTo(4);
        JsonNode post = JSON.readTree(endpoint(inv, "POST /shop/v2/orders").request().body());
        assertThat(post.path("customerId").asString()).as("over the description's example too").isEqualTo("c-9");
        assertThat(endpoint(inv, "POST /shop/v2/categories").request()).isEqualTo(mine);
    }

    @Test
    void openApi31TypeArraysConstExamplesAndNumericExclusiveBounds() {
        Inventory inv = inventory("things-3.1.yaml", unsafeWith(Map.of()));

        assertThat(endpoint(inv, "GET /api/things/:thingId/parts/:partNo").request().path())
                .isEqualTo("/api/things/7/parts/11");
        JsonNode thing = JSON.readTree(endpoint(inv, "POST /api/things").request().body());
        assertThat(thing.path("kind").asString()).isEqualTo("widget");
        assertThat(thing.path("label").asString()).isEqualTo("leakscan");
        assertThat(thing.path("size").decimalValue()).isEqualByComparingTo("3.0");
        assertThat(thing.path("tree").path("value").asString()).isEqualTo("2026-03-04");
        // the anyOf cycle: the non-null alternative is the same schema, so the recursion stops one level down
        assertThat(thing.path("tree").path("next").isNull()).isTrue();
    }

    @Test
    void echoRoutesAndServerPrefixes() {
        assertThat(EndpointInventory.echoRoute("/users/{id}/files/{name}")).isEqualTo("/users/:id/files/:name");
        assertThat(EndpointInventory.prefix(List.of(new Server()
                .url("//127.0.0.1:8080/api/v1/")))).isEqualTo("/api/v1");
        assertThat(EndpointInventory.prefix(List.of(new Server().url("/"))))
                .isEmpty();
        assertThat(EndpointInventory.prefix(List.of())).isEmpty();
    }
}
