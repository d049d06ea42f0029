package io.leakscan.inventory;

import io.swagger.v3.oas.models.media.Schema;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The example values a description offers for a schema: its own example, const, default or enum value, or one that a
 * property of the same name carries elsewhere in the document.
 */
final class DescribedExamples {

    private final Map<String, Schema> schemas;

    DescribedExamples(Map<String, Schema> schemas) {
        this.schemas = schemas;
    }

    /**
     * A scalar without an example of its own takes the example a property of the same name has elsewhere in the
     * document, when it has the same type and fits this schema's bounds: swaggo puts {@code example} tags on one body
     * type ({@code ProductInput.category: kitchen}) and not on its sibling ({@code ProductUpdate.category}), and
     * {@code kitchen} is what the service knows where {@code leakscan} is a value it has never seen.
     */
    JsonNode borrowed(Schema<?> s, String name, String type) {
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
    static JsonNode given(Schema<?> s) {
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

    static boolean hasOwnExample(Schema<?> s) {
        return s != null && (s.getExample() != null || s.getExamples() != null && !s.getExamples().isEmpty());
    }
}
