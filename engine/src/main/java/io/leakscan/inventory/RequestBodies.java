package io.leakscan.inventory;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Builds the body of an operation: from its media type's example or examples, else synthesized from the schema; sent
 * as JSON, form-urlencoded or multipart. Prefers JSON when an operation accepts several types.
 */
final class RequestBodies {

    static final String BOUNDARY = "leakscan-7f3a9c2e";

    /** A body and its Content-Type; or, when none can be built, why. */
    record Body(String contentType, String text, String unsupported) {
        static Body none() {
            return new Body(null, null, null);
        }
    }

    private final Components components;
    private final SchemaSampler sampler;
    private final ValueOverrides overrides;

    RequestBodies(Components components, SchemaSampler sampler, ValueOverrides overrides) {
        this.components = components;
        this.sampler = sampler;
        this.overrides = overrides;
    }

    Body build(RequestBody requestBody) {
        RequestBody rb = resolve(requestBody);
        if (rb == null || rb.getContent() == null || rb.getContent().isEmpty()) {
            return Body.none();
        }
        Optional<Map.Entry<String, MediaType>> chosen = choose(rb.getContent());
        if (chosen.isEmpty()) {
            return new Body(null, null, "its body types (" + String.join(", ", rb.getContent().keySet())
                    + ") are none of JSON, form-urlencoded, multipart or text");
        }
        String type = chosen.get().getKey().toLowerCase(Locale.ROOT);
        MediaType media = chosen.get().getValue() == null ? new MediaType() : chosen.get().getValue();
        JsonNode value = value(media);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return new Body("application/x-www-form-urlencoded", form(value), null);
        }
        if (type.startsWith("multipart/")) {
            return new Body("multipart/form-data; boundary=" + BOUNDARY, multipart(value, sampler.resolve(
                    media.getSchema())), null);
        }
        if (type.startsWith("text/")) {
            return new Body(type, SampleValues.text(value), null);
        }
        return new Body(type.equals("*/*") ? "application/json" : chosen.get().getKey(), value.toString(), null);
    }

    private static Optional<Map.Entry<String, MediaType>> choose(Content content) {
        List<Predicate<String>> preference = List.of(
                t -> t.startsWith("application/json") || t.contains("+json"),
                t -> t.startsWith("application/x-www-form-urlencoded"),
                t -> t.startsWith("multipart/form-data"),
                t -> t.startsWith("text/plain"),
                t -> t.equals("*/*"));
        for (var wanted : preference) {
            for (Map.Entry<String, MediaType> e : content.entrySet()) {
                if (wanted.test(e.getKey().toLowerCase(Locale.ROOT))) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /** The media type's example, else its first named example, else one synthesized from the schema. */
    private JsonNode value(MediaType media) {
        JsonNode v = null;
        if (media.getExample() != null) {
            v = SampleValues.tree(media.getExample());
        } else if (media.getExamples() != null) {
            for (Example e : media.getExamples().values()) {
                Example ex = resolve(e);
                if (ex != null && ex.getValue() != null) {
                    v = SampleValues.tree(ex.getValue());
                    break;
                }
            }
        }
        if (v == null) {
            return sampler.sample(media.getSchema(), null);
        }
        if (v instanceof ObjectNode o) {
            // the user's values win over the description's example too, by top-level property name
            overrides.values().forEach((k, val) -> {
                if (o.has(k)) {
                    o.set(k, SampleValues.typed(val, o.get(k).isNumber() ? "number"
                            : o.get(k).isBoolean() ? "boolean" : "string"));
                }
            });
        }
        return v;
    }

    private static String form(JsonNode value) {
        StringBuilder s = new StringBuilder();
        if (value instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> p : o.properties()) {
                if (p.getValue().isArray()) {
                    p.getValue().forEach(item -> pair(s, p.getKey(), SampleValues.text(item)));
                } else {
                    pair(s, p.getKey(), SampleValues.text(p.getValue()));
                }
            }
        }
        return s.toString();
    }

    private static void pair(StringBuilder s, String key, String value) {
        s.append(s.isEmpty() ? "" : "&").append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** One part per property; a {@code format: binary} property is sent as a small file. */
    private static String multipart(JsonNode value, Schema<?> schema) {
        StringBuilder s = new StringBuilder();
        Map<String, Schema> props = schema == null || schema.getProperties() == null ? Map.of() : schema.getProperties();
        if (value instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> p : o.properties()) {
                Schema<?> ps = props.get(p.getKey());
                boolean file = ps != null && ("binary".equals(ps.getFormat()) || "base64".equals(ps.getFormat()));
                s.append("--").append(BOUNDARY).append("\r\n");
                if (file) {
                    s.append("Content-Disposition: form-data; name=\"").append(p.getKey())
                            .append("\"; filename=\"leakscan.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n");
                } else {
                    s.append("Content-Disposition: form-data; name=\"").append(p.getKey()).append("\"\r\n\r\n");
                }
                s.append(SampleValues.text(p.getValue())).append("\r\n");
            }
        }
        return s.append("--").append(BOUNDARY).append("--\r\n").toString();
    }

    private RequestBody resolve(RequestBody rb) {
        if (rb != null && rb.get$ref() != null && components != null && components.getRequestBodies() != null) {
            return components.getRequestBodies().get(SchemaSampler.refName(rb.get$ref()));
        }
        return rb;
    }

    private Example resolve(Example e) {
        if (e != null && e.get$ref() != null && components != null && components.getExamples() != null) {
            return components.getExamples().get(SchemaSampler.refName(e.get$ref()));
        }
        return e;
    }
}
