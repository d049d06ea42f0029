package io.leakscan.inventory;

import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.leakscan.inventory.InventoryFixtures.CLOCK;
import static io.leakscan.inventory.InventoryFixtures.endpoint;
import static io.leakscan.inventory.InventoryFixtures.unsafeWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Examples where a schema has none of its own: a property borrows the example a property of the same name has in another
 * schema, within its own bounds (on the lab's OpenAPI 3.1 description of service-leaky and inline documents), and an
 * optional property with an example is sent.
 */
class InventoryBorrowedExamplesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Inventory labShop() throws IOException {
        Path file = Repo.path("lab", "cmd", "service-leaky", "openapi.yaml");
        return new EndpointInventory(CLOCK).fromText(Files.readString(file), file.toString(), List.of(),
                unsafeWith(Map.of("Authorization", "Bearer t")));
    }

    @Test
    void aCategoryWithoutAnExampleTakesTheOneItsSiblingBodyTypeGives() throws IOException {
        JsonNode update = JSON.readTree(endpoint(labShop(), "PUT /api/v1/admin/products/:id").request().body());
        // ProductUpdate.category has no example; ProductInput.category has "kitchen"
        assertThat(update.path("category").asString()).isEqualTo("kitchen");
    }

    @Test
    void aBorrowedExampleOutsideTheSchemasBoundsOrOfAnotherTypeIsNotTaken() {
        String doc = """
                openapi: 3.1.0
                info: { title: t, version: '1' }
                paths:
                  /a:
                    post:
                      requestBody:
                        content:
                          application/json:
                            schema: { $ref: '#/components/schemas/Narrow' }
                      responses: { '204': { description: ok } }
                components:
                  schemas:
                    Wide:
                      type: object
                      properties:
                        code: { type: string, examples: [TOOLONG] }
                        qty: { type: integer, examples: [500] }
                        note: { type: integer, examples: [7] }
                        label: { type: string, examples: [shelf] }
                    Narrow:
                      type: object
                      required: [code, qty, note, label]
                      properties:
                        code: { type: string, maxLength: 2 }
                        qty: { type: integer, maximum: 100 }
                        note: { type: string }
                        label: { type: string }
                """;
        Inventory inv = new EndpointInventory(CLOCK).fromText(doc, "inline.yaml", List.of(), unsafeWith(Map.of()));
        JsonNode body = JSON.readTree(endpoint(inv, "POST /a").request().body());
        assertThat(body.path("code").asString()).as("TOOLONG exceeds maxLength 2").isEqualTo("le");
        assertThat(body.path("qty").asInt()).as("500 exceeds maximum 100").isNotEqualTo(500);
        assertThat(body.path("note").asString()).as("an integer example for a string").isEqualTo("leakscan");
        assertThat(body.path("label").asString()).isEqualTo("shelf");
    }

    @Test
    void anOptionalPropertyWithAnExampleIsSentOneWithoutIsNot() {
        // the shape swag writes for service-leaky's PaymentRequest: cardToken is required_if method=card in Go
        String doc = """
                swagger: '2.0'
                info: { title: t, version: '1' }
                paths:
                  /pay:
                    post:
                      consumes: [application/json]
                      parameters:
                        - { name: body, in: body, required: true, schema: { $ref: '#/definitions/PaymentRequest' } }
                      responses: { '204': { description: ok } }
                definitions:
                  PaymentRequest:
                    type: object
                    required: [method]
                    properties:
                      method: { type: string, enum: [card, invoice], example: card }
                      cardToken: { type: string, example: tok_visa }
                      vatId: { type: string }
                """;
        Inventory inv = new EndpointInventory(CLOCK).fromText(doc, "pay.yaml", List.of(), unsafeWith(Map.of()));
        assertThat(endpoint(inv, "POST /pay").request().body()).isEqualTo("{\"method\":\"card\",\"cardToken\":"
                + "\"tok_visa\"}");
    }
}
