package io.leakscan.inventory;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad documents and filters: each is one line that says where and what. */
class InventoryErrorsTest {

    private final EndpointInventory inventory = new EndpointInventory(InventoryFixtures.CLOCK);

    private Inventory read(String text) {
        return inventory.fromText(text, "api.yaml", List.of(), InventoryOptions.defaults());
    }

    @Test
    void aJsonSyntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> read("{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {,}\n}"))
                .isInstanceOf(InventoryException.class)
                .hasMessageStartingWith("the description api.yaml does not parse at line 3, column 13: ");
    }

    @Test
    void aYamlSyntaxErrorNamesTheLine() {
        assertThatThrownBy(() -> read("openapi: 3.0.3\ninfo:\n  title: x\n   version: [1\npaths: {}\n"))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining("the description api.yaml does not parse at line 4");
    }

    @Test
    void aStructuralErrorNamesTheAttribute() {
        assertThatThrownBy(() -> read("openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\n"))
                .isInstanceOf(InventoryException.class)
                .hasMessage("the description api.yaml does not parse: attribute paths is missing");
    }

    @Test
    void aDocumentWithFlawsItCanStillUseKeepsThemAsWarnings() {
        Inventory inv = read("openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths:\n  /a:\n    get:\n"
                + "      parameters:\n        - in: query\n          schema: {type: string}\n"
                + "      responses: {'200': {description: ok}}\n");
        assertThat(inv.endpoints()).extracting(e -> e.request().path()).containsExactly("/a");
        assertThat(inv.warnings()).containsExactly("attribute paths.'/a'(get).parameters.[['unknown']].name is missing");
    }

    @Test
    void somethingElseIsNotADescription() {
        assertThatThrownBy(() -> read("<html>swagger ui</html>"))
                .hasMessage("the description api.yaml is not an OpenAPI or Swagger document: it has no 'openapi' or "
                        + "'swagger' field at the top");
        assertThatThrownBy(() -> read("swagger: '1.2'\npaths: {}"))
                .hasMessage("the description api.yaml is version 1.2; Leakscan reads Swagger 2.0 and OpenAPI 3.0 and "
                        + "3.1");
        assertThatThrownBy(() -> read("  \n")).hasMessage("the description api.yaml is empty");
    }

    @Test
    void aGlobThatMatchesNothingIsAnError() {
        InventoryOptions opts = new InventoryOptions(List.of("GET /api/v1/*"), List.of("DELETE /nowhere/*"), false,
                Map.of(), ValueOverrides.NONE);
        assertThatThrownBy(() -> InventoryFixtures.inventory("swaggo-shop/swagger.json", opts))
                .hasMessage("the exclude glob 'DELETE /nowhere/*' matches no operation in swaggo-shop/swagger.json "
                        + "(its routes look like GET /api/v1/admin/stats, POST /api/v1/avatars, "
                        + "GET /api/v1/legacy/ping)");
        InventoryOptions bad = new InventoryOptions(List.of("users"), List.of(), false, Map.of(), ValueOverrides.NONE);
        assertThatThrownBy(() -> InventoryFixtures.inventory("swaggo-shop/swagger.json", bad))
                .hasMessageStartingWith("invalid include glob 'users': expected \"METHOD /path\" or \"/path\"");
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> inventory.resolve(DescriptionSource.parse("/nonexistent/openapi.yaml"),
                URI.create("http://127.0.0.1:1"), url -> {
                    throw new AssertionError("a file source fetches nothing");
                }, InventoryOptions.defaults()))
                .hasMessage("cannot read the description /nonexistent/openapi.yaml: no such file");
        assertThat(DescriptionSource.parse("AUTO")).isInstanceOf(DescriptionSource.Auto.class);
        assertThat(DescriptionSource.parse("docs/swagger.json"))
                .isEqualTo(new DescriptionSource.File(Path.of("docs/swagger.json")));
    }
}
