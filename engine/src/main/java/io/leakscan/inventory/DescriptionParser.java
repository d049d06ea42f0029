package io.leakscan.inventory;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses OpenAPI 3.0/3.1 and Swagger 2.0 (JSON or YAML) with swagger-parser, which converts 2.0 to 3. The text is read
 * once with Jackson first: swagger-parser reports a syntax error without its line, and users need the line.
 */
final class DescriptionParser {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    /** The model, and what swagger-parser said about a document it could still read. */
    record Parsed(OpenAPI api, List<String> warnings) {
    }

    private DescriptionParser() {
    }

    static Parsed parse(String text, String location) {
        JsonNode root = tree(text, location);
        String version = root.path("openapi").asString(root.path("swagger").asString(""));
        if (!root.isObject() || version.isEmpty()) {
            throw new InventoryException("the description " + location + " is not an OpenAPI or Swagger document: "
                    + "it has no 'openapi' or 'swagger' field at the top");
        }
        if (!version.equals("2.0") && !version.startsWith("3.0") && !version.startsWith("3.1")) {
            throw new InventoryException("the description " + location + " is version " + version + "; Leakscan "
                    + "reads Swagger 2.0 and OpenAPI 3.0 and 3.1");
        }
        ParseOptions options = new ParseOptions();
        // External $refs would be fetched by the parser's own HTTP client, around the target guard: leave them.
        options.setResolve(false);
        String document = version.equals("2.0") ? JSON.writeValueAsString(parameterExamples(root)) : text;
        SwaggerParseResult result = new OpenAPIParser().readContents(document, null, options);
        List<String> messages = result.getMessages() == null ? List.of() : List.copyOf(result.getMessages());
        OpenAPI api = result.getOpenAPI();
        if (api == null || api.getPaths() == null) {
            throw new InventoryException("the description " + location + " does not parse: "
                    + (messages.isEmpty() ? "no paths" : String.join("; ", messages)));
        }
        return new Parsed(api, messages);
    }

    /**
     * Swagger 2.0 has no {@code example} on a non-body parameter, but swaggo writes one (from {@code example(42)}) and
     * the 2.0 parser drops it as unexpected. Its own vendor extension {@code x-example} carries the same value through.
     */
    private static JsonNode parameterExamples(JsonNode root) {
        List<JsonNode> lists = new ArrayList<>();
        root.path("parameters").forEach(lists::add);
        for (JsonNode item : root.path("paths")) {
            lists.add(item.path("parameters"));
            for (JsonNode op : item) {
                lists.add(op.path("parameters"));
            }
        }
        for (JsonNode list : lists) {
            List<JsonNode> params = list.isArray() ? list.valueStream().toList() : list.isObject() ? List.of(list)
                    : List.of();
            for (JsonNode p : params) {
                if (p instanceof ObjectNode o && o.has("example") && !o.has("x-example")
                        && !"body".equals(o.path("in").asString(""))) {
                    o.set("x-example", o.remove("example"));
                }
            }
        }
        return root;
    }

    /** True when {@code text} parses and has an {@code openapi} or {@code swagger} field at the top. */
    static boolean looksLikeDescription(String text) {
        try {
            JsonNode root = tree(text, "");
            return root.isObject() && (root.has("openapi") || root.has("swagger"));
        } catch (InventoryException e) {
            return false;
        }
    }

    private static JsonNode tree(String text, String location) {
        String t = text.stripLeading();
        if (t.isEmpty()) {
            throw new InventoryException("the description " + location + " is empty");
        }
        try {
            JsonNode root = (t.startsWith("{") ? JSON : YAML).readTree(text);
            if (root == null || root.isMissingNode()) {
                throw new InventoryException("the description " + location + " is empty");
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation where = e.getLocation();
            String at = where == null || where.getLineNr() < 1 ? ""
                    : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                    : e.getOriginalMessage().lines().findFirst().orElse("").strip();
            throw new InventoryException("the description " + location + " does not parse" + at + ": " + why, e);
        }
    }
}
