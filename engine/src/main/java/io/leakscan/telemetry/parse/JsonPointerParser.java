package io.leakscan.telemetry.parse;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads numbers at RFC 6901 JSON pointers from any JSON body in one streaming pass, for memory endpoints of any
 * shape (the brief's {@code /health/memory} is {@code {"Alloc","TotalAlloc","HeapAlloc","HeapSys"}}). A pointer
 * that is absent, or names an object or array, is not in the result (a gap); one that names a string or null is
 * WRONG_TYPE.
 */
public final class JsonPointerParser {

    private final ParseLimits limits;
    private final JsonFactory factory;
    private final Map<JsonPointer, String> pointers;

    /** @throws IllegalArgumentException when a pointer is not valid RFC 6901 (a configuration error, not input) */
    public JsonPointerParser(ParseLimits limits, List<String> pointers) {
        this.limits = limits;
        this.factory = Json.factory(limits);
        this.pointers = new LinkedHashMap<>();
        for (String s : pointers) {
            this.pointers.put(JsonPointer.compile(s), s);
        }
    }

    /** Values by pointer string, only for pointers present in the body. */
    public ParseResult<Map<String, Double>> parse(InputStream in) {
        return Json.parse(factory, in, limits.maxJsonBytes(), this::read);
    }

    private Map<String, Double> read(JsonParser p) {
        Map<String, Double> out = new HashMap<>();
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new ParseError(ParseFailure.Kind.EMPTY, "no JSON value", 0, 0);
        }
        int depth = 0;
        do {
            t = p.currentToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t != JsonToken.PROPERTY_NAME && t.isScalarValue()) {
                String name = pointers.get(p.streamReadContext().pathAsPointer());
                if (name != null) {
                    out.put(name, Json.number(p, name));
                }
            }
            if (depth == 0) {
                break;
            }
        } while (p.nextToken() != null);
        if (depth != 0) {
            throw new ParseError(ParseFailure.Kind.TRUNCATED, "JSON ends early", -1, 0);
        }
        return out;
    }
}
