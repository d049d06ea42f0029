package io.leakscan.cli;

import io.leakscan.cli.YamlTree.Mapping;
import io.leakscan.cli.YamlTree.Node;
import io.leakscan.cli.YamlTree.Scalar;
import io.leakscan.cli.YamlTree.Sequence;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of {@link YamlTree} nodes for the config file: each wrong kind of value is an error naming the file,
 * the line and the key, and every string has its {@code ${VAR}} references replaced from the environment, so secrets
 * stay out of the file. {@code $${} writes a literal {@code ${}.
 */
final class ConfigValues {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)(})?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String file;
    private final Map<String, String> env;

    ConfigValues(String file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    CliException error(Node at, String message) {
        return CliException.usage(file + " line " + at.line() + ": " + message);
    }

    /** A mapping whose keys are all among {@code allowed}. */
    Mapping mapping(Node n, String key, List<String> allowed) {
        if (!(n instanceof Mapping m)) {
            throw error(n, key + " must be a mapping of " + String.join(", ", allowed));
        }
        m.keyLines().forEach((k, line) -> {
            if (!allowed.contains(k)) {
                throw CliException.usage(file + " line " + line + ": unknown key '" + k + "' in " + key
                        + "; expected one of " + String.join(", ", allowed));
            }
        });
        return m;
    }

    List<Node> sequence(Node n, String key) {
        if (!(n instanceof Sequence s)) {
            throw error(n, key + " must be a list");
        }
        return s.items();
    }

    /** A scalar as text (numbers and booleans as written), {@code ${VAR}} expanded. */
    String string(Node n, String key) {
        if (!(n instanceof Scalar s) || s.value() == null) {
            throw error(n, key + " must be a " + (n instanceof Scalar ? "value, not empty" : "single value"));
        }
        return expand(s, key);
    }

    List<String> strings(Node n, String key) {
        if (n instanceof Scalar) {
            return List.of(string(n, key)); // one glob or path needs no list brackets
        }
        List<String> out = new ArrayList<>();
        List<Node> items = sequence(n, key);
        for (int i = 0; i < items.size(); i++) {
            out.add(string(items.get(i), key + "[" + i + "]"));
        }
        return out;
    }

    /** Header name to value; names are kept as written (the header rules check them). */
    Map<String, String> stringMap(Node n, String key) {
        if (!(n instanceof Mapping m)) {
            throw error(n, key + " must be a mapping of header names to values, e.g. Authorization: Bearer ${TOKEN}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> out.put(k, string(v, key + "." + k)));
        return out;
    }

    boolean bool(Node n, String key) {
        if (n instanceof Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        throw error(n, key + " must be true or false" + written(n));
    }

    int integer(Node n, String key, int min, int max) {
        if (n instanceof Scalar s && s.value() instanceof Number num && (num instanceof Integer || num instanceof Long
                || num instanceof BigInteger)) {
            BigInteger v = new BigInteger(num.toString());
            if (v.compareTo(BigInteger.valueOf(min)) >= 0 && v.compareTo(BigInteger.valueOf(max)) <= 0) {
                return v.intValue();
            }
        }
        throw error(n, key + " must be a whole number from " + min + " to " + max + written(n));
    }

    /** One of {@code allowed}, case-insensitive, returned in lower case. */
    String oneOf(Node n, String key, Set<String> allowed) {
        String v = string(n, key).strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw error(n, key + " must be one of " + String.join(", ", new TreeSet<>(allowed)) + written(n));
        }
        return v;
    }

    /** A body: text as written, or a mapping or list written out as JSON. */
    String body(Node n, String key) {
        if (n instanceof Scalar) {
            return string(n, key);
        }
        return JSON.writeValueAsString(json(n, key));
    }

    private JsonNode json(Node n, String key) {
        JsonNodeFactory f = JSON.getNodeFactory();
        return switch (n) {
            case Mapping m -> {
                ObjectNode o = f.objectNode();
                m.entries().forEach((k, v) -> o.set(k, json(v, key + "." + k)));
                yield o;
            }
            case Sequence s -> {
                ArrayNode a = f.arrayNode();
                for (int i = 0; i < s.items().size(); i++) {
                    a.add(json(s.items().get(i), key + "[" + i + "]"));
                }
                yield a;
            }
            case Scalar s when s.value() == null -> f.nullNode();
            case Scalar s when s.value() instanceof Boolean b -> f.booleanNode(b);
            case Scalar s when s.value() instanceof Number num -> f.numberNode(new BigDecimal(num.toString()));
            case Scalar s -> f.stringNode(expand(s, key));
        };
    }

    private String expand(Scalar s, String key) {
        String text = String.valueOf(s.value());
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String found = m.group();
            String replacement;
            if (found.equals("$${")) {
                replacement = "${";
            } else if (m.group(2) == null || !NAME.matcher(m.group(1)).matches()) {
                throw error(s, key + ": '" + found + "' is not a variable reference; write ${NAME} (letters, digits "
                        + "and _), or $${ for a literal ${");
            } else {
                replacement = env.get(m.group(1));
                if (replacement == null) {
                    throw error(s, key + " refers to ${" + m.group(1) + "}, which is not set in the environment");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String written(Node n) {
        return n instanceof Scalar s ? " (got '" + s.text() + "')" : "";
    }
}
