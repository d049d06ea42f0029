package io.leakscan.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as nodes that know their line. Jackson's tree model drops locations, so the document is read token
 * by token from Jackson's YAML parser: every mistake in {@code leakscan.yaml}, down to a bad value in the fifth
 * endpoint, can then name its line.
 */
final class YamlTree {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** A node and the line (from 1) where it starts. */
    sealed interface Node {
        int line();
    }

    /** A scalar: {@code value} is a String, Number, Boolean or null; {@code text} its text as written. */
    record Scalar(Object value, String text, int line) implements Node {
    }

    /** A mapping, keys in document order, each with its own line. */
    record Mapping(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
    }

    record Sequence(List<Node> items, int line) implements Node {
    }

    private YamlTree() {
    }

    /**
     * @param name how errors name the file, e.g. {@code leakscan.yaml}
     * @return the document's root, or null for an empty document
     */
    static Node parse(String text, String name) {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            return read(p, name);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String line = at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr();
            String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                    : e.getOriginalMessage().lines().findFirst().orElse("").strip();
            throw CliException.usage(name + line + ": not valid YAML: " + why);
        }
    }

    private static Node read(JsonParser p, String name) {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    if (entries.containsKey(key)) {
                        // YAML forbids it and Jackson would keep the last silently: a pasted block must not win quietly
                        throw CliException.usage(name + " line " + keyLine + ": key '" + key + "' appears twice in "
                                + "one mapping (first at line " + keyLines.get(key) + ")");
                    }
                    p.nextToken();
                    keyLines.put(key, keyLine);
                    entries.put(key, read(p, name));
                }
                yield new Mapping(entries, keyLines, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, name));
                }
                yield new Sequence(items, line);
            }
            case VALUE_STRING -> new Scalar(p.getString(), p.getString(), line);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Scalar(p.getNumberValue(), p.getString(), line);
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(t == JsonToken.VALUE_TRUE, p.getString(), line);
            case VALUE_NULL -> new Scalar(null, "", line);
            default -> throw CliException.usage(name + " line " + line + ": unexpected YAML content " + t);
        };
    }
}
