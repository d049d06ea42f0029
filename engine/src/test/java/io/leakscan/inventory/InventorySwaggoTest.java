package io.leakscan.inventory;

import io.leakscan.engine.ScanEndpoint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static io.leakscan.inventory.InventoryFixtures.endpoint;
import static io.leakscan.inventory.InventoryFixtures.inventory;
import static io.leakscan.inventory.InventoryFixtures.unsafeWith;
import static org.assertj.core.api.Assertions.assertThat;

/** Real swag output (see swaggo-shop/README.md): Swagger 2.0, converted to OpenAPI 3 by swagger-parser. */
class InventorySwaggoTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void safeByDefaultLoadsOnlyReadsAndSaysWhyTheRestIsSkipped() {
        Inventory inv = inventory("swaggo-shop/swagger.json", InventoryOptions.defaults());

        assertThat(inv.endpoints()).extracting(e -> e.route().toString()).containsExactlyInAnyOrder(
                "GET /api/v1/reports/:day", "GET /api/v1/users", "GET /api/v1/users/:id");
        assertThat(inv.skipped()).extracting(SkippedOperation::toString).contains(
                "GET /api/v1/legacy/ping: deprecated",
                "GET /api/v1/admin/stats: its security needs the Authorization header (scheme BearerAuth), which "
                        + "the scan does not send");
        assertThat(inv.skipped()).filteredOn(s -> s.method().equals("POST") && s.route().equals("/api/v1/orders"))
                .singleElement().extracting(SkippedOperation::reason).asString().contains("include unsafe");
        assertThat(inv.skipped()).hasSize(7);
    }

    @Test
    void parametersComeFromExampleDefaultEnumThenTypeAndFormat() {
        Inventory inv = inventory("swaggo-shop/swagger.json", InventoryOptions.defaults());

        assertThat(endpoint(inv, "GET /api/v1/users/:id").request().path()).isEqualTo("/api/v1/users/42");
        // q is required (no example: "leakscan"); limit has a default and sort an enum, but both are optional
        assertThat(endpoint(inv, "GET /api/v1/users").request().path()).isEqualTo("/api/v1/users?q=leakscan");
        assertThat(endpoint(inv, "GET /api/v1/reports/:day").request().path()).isEqualTo("/api/v1/reports/2026-03-04");
    }

    @Test
    void theBearerHeaderUnlocksTheSecuredGroupAndBodiesAreSynthesizedFromTheModels() {
        Inventory inv = inventory("swaggo-shop/swagger.json", unsafeWith(Map.of("authorization", "Bearer t")));

        ScanEndpoint create = endpoint(inv, "POST /api/v1/orders");
        assertThat(create.request().contentType()).isEqualTo("application/json");
        JsonNode body = JSON.readTree(create.request().body());
        assertThat(body.path("customerId").asString()).isEqualTo(SampleValues.UUID);
        assertThat(body.path("priority").asString()).isEqualTo("low");
        assertThat(body.path("items")).hasSize(1);
        assertThat(body.path("items").get(0).path("sku").asString()).isEqualTo("SKU-1");
        assertThat(body.path("items").get(0).path("quantity").asInt()).isEqualTo(1);
        assertThat(body.path("ship").path("street").asString()).isEqualTo("1 Main St");
        assertThat(body.path("ship").path("city").asString()).isEqualTo("leakscan");
        assertThat(body.has("note")).as("optional properties are left out").isFalse();

        ScanEndpoint update = endpoint(inv, "PUT /api/v1/orders/:id");
        assertThat(update.request().path()).isEqualTo("/api/v1/orders/" + SampleValues.UUID);
        assertThat(update.request().body()).isEqualTo(create.request().body());
        assertThat(endpoint(inv, "DELETE /api/v1/orders/:id").request().body()).isNull();
        assertThat(inv.skipped()).extracting(SkippedOperation::route).containsExactly("/api/v1/legacy/ping");
    }

    @Test
    void formDataBecomesUrlencodedOrMultipart() {
        Inventory inv = inventory("swaggo-shop/swagger.json", unsafeWith(Map.of()));

        ScanEndpoint login = endpoint(inv, "POST /api/v1/login");
        assertThat(login.request().contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(login.request().body()).isEqualTo("username=leakscan&password=leakscan");

        ScanEndpoint avatar = endpoint(inv, "POST /api/v1/avatars");
        assertThat(avatar.request().contentType()).isEqualTo("multipart/form-data; boundary=" + RequestBodies.BOUNDARY);
        assertThat(avatar.request().body())
                .contains("Content-Disposition: form-data; name=\"file\"; filename=\"leakscan.bin\"")
                .endsWith("--" + RequestBodies.BOUNDARY + "--\r\n");
    }

    @Test
    void theYamlOutputGivesTheSameInventoryAsTheJson() {
        InventoryOptions all = unsafeWith(Map.of("Authorization", "Bearer t"));
        Inventory json = inventory("swaggo-shop/swagger.json", all);
        Inventory yaml = inventory("swaggo-shop/swagger.yaml", all);

        assertThat(yaml.endpoints()).isEqualTo(json.endpoints());
        assertThat(yaml.skipped()).isEqualTo(json.skipped());
    }

    @Test
    void globsFilterByMethodAndRouteOrTemplate() {
        InventoryOptions opts = new InventoryOptions(List.of("/api/v1/orders*", "GET /api/v1/users/{id}"),
                List.of("DELETE /api/v1/*"), true, Map.of("Authorization", "Bearer t"), ValueOverrides.NONE);
        Inventory inv = inventory("swaggo-shop/swagger.json", opts);

        assertThat(inv.endpoints()).extracting(e -> e.route().toString()).containsExactlyInAnyOrder(
                "POST /api/v1/orders", "PUT /api/v1/orders/:id", "GET /api/v1/users/:id");
        assertThat(inv.skipped()).extracting(SkippedOperation::toString)
                .contains("DELETE /api/v1/orders/:id: excluded by 'DELETE /api/v1/*'",
                        "GET /api/v1/users: not matched by any include glob");
    }
}
