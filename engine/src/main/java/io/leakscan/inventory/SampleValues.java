package io.leakscan.inventory;

import io.swagger.v3.core.util.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The value Leakscan picks when a description gives none: integer 1, a fixed UUID, now for dates, {@code leakscan}
 * for strings; within the schema's bounds. Also turns the parser's example objects into Jackson 3 trees.
 */
final class SampleValues {

    static final String UUID = "7d3e3c84-5f8a-4b8e-9c1d-2a6b4e0f9a31";
    static final String TEXT = "leakscan";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;

    SampleValues(Clock clock) {
        this.clock = clock;
    }

    String string(String format, Integer minLength, Integer maxLength) {
        String v = switch (format == null ? "" : format) {
            case "uuid" -> UUID;
            case "date-time" -> clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
            case "date" -> LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
            case "time" -> "12:00:00";
            case "email" -> "leakscan@example.com";
            case "uri", "url" -> "https://example.com/leakscan";
            case "hostname" -> "example.com";
            case "ipv4" -> "192.0.2.1";
            case "ipv6" -> "2001:db8::1";
            case "byte" -> "bGVha3NjYW4="; // base64 of "leakscan"
            default -> TEXT;
        };
        if (minLength != null && v.length() < minLength) {
            v = (v + TEXT.repeat(minLength / TEXT.length() + 1)).substring(0, minLength);
        }
        if (maxLength != null && maxLength >= 0 && v.length() > maxLength) {
            v = v.substring(0, maxLength);
        }
        return v;
    }

    /** 1, unless the bounds exclude it: then the nearest value they allow. */
    static BigDecimal number(BigDecimal minimum, boolean exclusiveMin, BigDecimal maximum, boolean exclusiveMax,
                             boolean integer) {
        BigDecimal v = BigDecimal.ONE;
        BigDecimal step = integer ? BigDecimal.ONE : new BigDecimal("0.5");
        if (minimum != null && (v.compareTo(minimum) < 0 || exclusiveMin && v.compareTo(minimum) == 0)) {
            v = exclusiveMin ? minimum.add(step) : minimum;
        }
        if (maximum != null && (v.compareTo(maximum) > 0 || exclusiveMax && v.compareTo(maximum) == 0)) {
            v = exclusiveMax ? maximum.subtract(step) : maximum;
        }
        return integer ? v.setScale(0, RoundingMode.CEILING) : v;
    }

    /** An example or default as the parser holds it (a Jackson 2 node, a String, a Number, a Map) as a tree. */
    static JsonNode tree(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.stringNode(s);
        }
        try {
            // swagger-core models are Jackson 2; its own mapper writes them, Jackson 3 reads the text back
            return JSON.readTree(Json.mapper().writeValueAsString(value));
        } catch (Exception e) {
            return NODES.stringNode(String.valueOf(value));
        }
    }

    /** The value as it goes into a path, a query or a header: scalars as text, arrays comma-separated. */
    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isValueNode()) {
            return node.asString();
        }
        if (node.isArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonNode item : node) {
                s.append(s.isEmpty() ? "" : ",").append(text(item));
            }
            return s.toString();
        }
        return node.toString();
    }

    /** The user's text as the schema's type, so {@code "3"} becomes the number 3 for an integer property. */
    static JsonNode typed(String value, String type) {
        try {
            return switch (type == null ? "" : type) {
                case "integer", "number" -> NODES.numberNode(new BigDecimal(value));
                case "boolean" -> NODES.booleanNode(Boolean.parseBoolean(value));
                case "object", "array" -> JSON.readTree(value);
                default -> NODES.stringNode(value);
            };
        } catch (RuntimeException e) {
            return NODES.stringNode(value);
        }
    }
}
