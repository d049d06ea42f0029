package io.leakscan.inventory;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Synthesizes a value a schema accepts: its example, const, default or first enum value when it has one; else required
 * properties and the optional ones with an example (all of them when none is marked required), nested objects, arrays of one item, formats, {@code $ref},
 * {@code allOf} merged and the first {@code oneOf}/{@code anyOf} alternative. A reference already being expanded, or
 * nesting deeper than {@link #MAX_DEPTH}, stops: the property is left out (or null when required).
 */
final class SchemaSampler {

    static final int MAX_DEPTH = 8;
    private static final int MAX_ITEMS = 5;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Schema> schemas;
    private final SampleValues values;
    private final ValueOverrides overrides;

    SchemaSampler(Components components, SampleValues values, ValueOverrides overrides) {
        this.schemas = components == null || components.getSchemas() == null ? Map.of() : components.getSchemas();
        this.values = values;
        this.overrides = overrides;
    }

    /** A value for {@code schema}; {@code name} is the parameter or property it is for (overrides go by name). */
    JsonNode sample(Schema<?> schema, String name) {
        JsonNode v = sample(schema, name, new ArrayDeque<>(), 0);
        return v == null ? NODES.nullNode() : v;
    }

    /** The schema behind a {@code $ref} (one level), or the schema itself. */
    Schema<?> resolve(Schema<?> schema) {
        if (schema != null && schema.get$ref() != null) {
            Schema<?> target = schemas.get(refName(schema.get$ref()));
            return target == null ? schema : target;
        }
        return schema;
    }

    static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** The schema's type; OpenAPI 3.1 gives a set, of which the first that is not "null" counts. */
    static String type(Schema<?> s) {
        if (s.getType() != null) {
            return s.getType();
        }
        Set<String> types = s.getTypes();
        if (types != null) {
            for (String t : types) {
                if (!"null".equals(t)) {
                    return t;
                }
            }
            if (!types.isEmpty()) {
                return "null";
            }
        }
        if (s.getProperties() != null || s.getAdditionalProperties() != null) {
            return "object";
        }
        return s.getItems() != null ? "array" : null;
    }

    private JsonNode sample(Schema<?> s, String name, Deque<String> refs, int depth) {
        if (s == null) {
            return NODES.objectNode();
        }
        if (depth > MAX_DEPTH) {
            return null;
        }
        if (s.get$ref() != null) {
            String ref = refName(s.get$ref());
            Schema<?> target = schemas.get(ref);
            if (target == null) {
                return NODES.objectNode();
            }
            if (refs.contains(ref)) {
                return null; // a cycle: the value ends here
            }
            refs.push(ref);
            try {
                return sample(target, name, refs, depth + 1);
            } finally {
                refs.pop();
            }
        }
        String type = type(s);
        if (name != null && overrides.value(name).isPresent()) {
            return SampleValues.typed(overrides.value(name).get(), type);
        }
        JsonNode given = given(s);
        if (given != null) {
            return given;
        }
        if (s.getAllOf() != null && !s.getAllOf().isEmpty()) {
            return allOf(s, refs, depth);
        }
        List<Schema> alternatives = s.getOneOf() != null && !s.getOneOf().isEmpty() ? s.getOneOf() : s.getAnyOf();
        if (alternatives != null && !alternatives.isEmpty()) {
            for (Schema<?> alt : alternatives) {
                if (!"null".equals(type(resolve(alt)))) {
                    JsonNode v = sample(alt, name, refs, depth + 1);
                    if (v != null) {
                        return v;
                    }
                }
            }
            return null;
        }
        JsonNode borrowed = borrowed(s, name, type);
        if (borrowed != null) {
            return borrowed;
        }
        return byType(s, type, refs, depth);
    }

    /**
     * A scalar without an example of its own takes the example a property of the same name has elsewhere in the
     * document, when it has the same type and fits this schema's bounds: swaggo puts {@code example} tags on one body
     * type ({@code ProductInput.category: kitchen}) and not on its sibling ({@code ProductUpdate.category}), and
     * {@code kitchen} is what the service knows where {@code leakscan} is a value it has never seen.
     */
    private JsonNode borrowed(Schema<?> s, String name, String type) {
        if (name == null || !("string".equals(type) || "integer".equals(type) || "number".equals(type))) {
            return null;
        }
        JsonNode v = examplesByProperty().get(name);
        if (v == null) {
            return null;
        }
        if ("string".equals(type)) {
            int len = v.isString() ? v.asString().length() : -1;
            boolean fits = len >= 0 && (s.getMinLength() == null || len >= s.getMinLength())
                    && (s.getMaxLength() == null || len <= s.getMaxLength()) && s.getPattern() == null
                    && s.getFormat() == null;
            return fits ? v : null;
        }
        if (!v.isNumber() || "integer".equals(type) && !v.isIntegralNumber()) {
            return null;
        }
        BigDecimal n = v.decimalValue();
        boolean fits = (s.getMinimum() == null || n.compareTo(s.getMinimum()) >= 0)
                && (s.getMaximum() == null || n.compareTo(s.getMaximum()) <= 0)
                && s.getExclusiveMinimumValue() == null && s.getExclusiveMaximumValue() == null;
        return fits ? v : null;
    }

    private Map<String, JsonNode> borrowable;

    /** Property name to the first example, const, default or enum value that a property of that name carries. */
    private Map<String, JsonNode> examplesByProperty() {
        if (borrowable == null) {
            Map<String, JsonNode> out = new HashMap<>();
            for (Schema<?> schema : schemas.values()) {
                if (schema.getProperties() == null) {
                    continue;
                }
                for (Map.Entry<String, Schema> p : schema.getProperties().entrySet()) {
                    JsonNode given = p.getValue() == null ? null : given(p.getValue());
                    if (given != null && !given.isContainer() && !given.isNull()) {
                        out.putIfAbsent(p.getKey(), given);
                    }
                }
            }
            borrowable = out;
        }
        return borrowable;
    }

    /** What the description itself offers: example, examples (3.1), const, default, enum. */
    private static JsonNode given(Schema<?> s) {
        if (s.getExample() != null) {
            return SampleValues.tree(s.getExample());
        }
        if (s.getExamples() != null && !s.getExamples().isEmpty() && s.getExamples().getFirst() != null) {
            return SampleValues.tree(s.getExamples().getFirst());
        }
        if (s.getConst() != null) {
            return SampleValues.tree(s.getConst());
        }
        if (s.getDefault() != null) {
            return SampleValues.tree(s.getDefault());
        }
        if (s.getEnum() != null) {
            for (Object e : s.getEnum()) {
                if (e != null) {
                    return SampleValues.tree(e);
                }
            }
        }
        return null;
    }

    private JsonNode allOf(Schema<?> s, Deque<String> refs, int depth) {
        ObjectNode merged = NODES.objectNode();
        for (Schema<?> part : s.getAllOf()) {
            JsonNode v = sample(part, null, refs, depth + 1);
            if (v instanceof ObjectNode o) {
                merged.setAll(o);
            } else if (v != null && merged.isEmpty() && s.getProperties() == null) {
                return v; // allOf of a scalar: a refinement of one type
            }
        }
        if (s.getProperties() != null) {
            JsonNode own = byType(s, "object", refs, depth);
            if (own instanceof ObjectNode o) {
                merged.setAll(o);
            }
        }
        return merged;
    }

    private JsonNode byType(Schema<?> s, String type, Deque<String> refs, int depth) {
        if (type == null) {
            return NODES.stringNode(SampleValues.TEXT);
        }
        return switch (type) {
            case "object" -> object(s, refs, depth);
            case "array" -> array(s, refs, depth);
            case "integer" -> NODES.numberNode(bounded(s, true).toBigInteger());
            case "number" -> NODES.numberNode(bounded(s, false));
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.stringNode(values.string(s.getFormat(), s.getMinLength(), s.getMaxLength()));
        };
    }

    private JsonNode object(Schema<?> s, Deque<String> refs, int depth) {
        ObjectNode o = NODES.objectNode();
        Map<String, Schema> props = s.getProperties();
        if (props == null) {
            return o;
        }
        List<String> required = s.getRequired() == null ? List.of() : s.getRequired();
        for (Map.Entry<String, Schema> p : props.entrySet()) {
            boolean isRequired = required.contains(p.getKey());
            // an optional property is sent when the description gives it an example: swaggo cannot say "required
            // when method is card" (required_if), only show the field with its example, and a body without it is a 400
            if (!required.isEmpty() && !isRequired && overrides.value(p.getKey()).isEmpty()
                    && !hasOwnExample(p.getValue())) {
                continue;
            }
            if (Boolean.TRUE.equals(p.getValue().getReadOnly())) {
                continue; // the server sets it; a request that carries it may be refused
            }
            JsonNode v = sample(p.getValue(), p.getKey(), refs, depth + 1);
            if (v != null) {
                o.set(p.getKey(), v);
            } else if (isRequired) {
                o.set(p.getKey(), NODES.nullNode());
            }
        }
        return o;
    }

    private static boolean hasOwnExample(Schema<?> s) {
        return s != null && (s.getExample() != null || s.getExamples() != null && !s.getExamples().isEmpty());
    }

    private JsonNode array(Schema<?> s, Deque<String> refs, int depth) {
        ArrayNode a = NODES.arrayNode();
        JsonNode item = sample(s.getItems(), null, refs, depth + 1);
        if (item == null) {
            return a;
        }
        int n = Math.min(MAX_ITEMS, Math.max(1, s.getMinItems() == null ? 1 : s.getMinItems()));
        for (int i = 0; i < n; i++) {
            a.add(item);
        }
        return a;
    }

    /** 3.0 marks a bound exclusive with a boolean; 3.1 gives the exclusive bound as a number. */
    private static BigDecimal bounded(Schema<?> s, boolean integer) {
        BigDecimal min = s.getMinimum();
        boolean exMin = Boolean.TRUE.equals(s.getExclusiveMinimum());
        if (s.getExclusiveMinimumValue() != null) {
            min = s.getExclusiveMinimumValue();
            exMin = true;
        }
        BigDecimal max = s.getMaximum();
        boolean exMax = Boolean.TRUE.equals(s.getExclusiveMaximum());
        if (s.getExclusiveMaximumValue() != null) {
            max = s.getExclusiveMaximumValue();
            exMax = true;
        }
        return SampleValues.number(min, exMin, max, exMax, integer);
    }
}
