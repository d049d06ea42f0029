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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Synthesizes a value a schema accepts: its example, const, default or first enum value when it has one (see
 * {@link DescribedExamples}); else required properties and the optional ones with an example (all of them when none is
 * marked required), nested objects, arrays of one item, formats, {@code $ref}, {@code allOf} merged and the first
 * {@code oneOf}/{@code anyOf} alternative. A reference already being expanded, or nesting deeper than
 * {@link #MAX_DEPTH}, stops: the property is left out (or null when required).
 */
final class SchemaSampler {

    static final int MAX_DEPTH = 8;
    private static final int MAX_ITEMS = 5;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Schema> schemas;
    private final SampleValues values;
    private final ValueOverrides overrides;
    private final DescribedExamples examples;

    SchemaSampler(Components components, SampleValues values, ValueOverrides overrides) {
        this.schemas = components == null || components.getSchemas() == null ? Map.of() : components.getSchemas();
        this.values = values;
        this.overrides = overrides;
        this.examples = new DescribedExamples(schemas);
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
        JsonNode given = DescribedExamples.given(s);
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
        JsonNode borrowed = examples.borrowed(s, name, type);
        if (borrowed != null) {
            return borrowed;
        }
        return byType(s, type, refs, depth);
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
                    && !DescribedExamples.hasOwnExample(p.getValue())) {
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
