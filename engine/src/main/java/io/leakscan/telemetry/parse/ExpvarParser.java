package io.leakscan.telemetry.parse;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses expvar's {@code /debug/vars}: {@code cmdline} and {@code memstats}; other variables are skipped. */
public final class ExpvarParser {

    public static final ExpvarParser DEFAULT = new ExpvarParser(ParseLimits.DEFAULT);

    private final ParseLimits limits;
    private final JsonFactory factory;

    public ExpvarParser(ParseLimits limits) {
        this.limits = limits;
        this.factory = Json.factory(limits);
    }

    public ParseResult<ExpvarVars> parse(InputStream in) {
        return Json.parse(factory, in, limits.maxJsonBytes(), ExpvarParser::read);
    }

    private static ExpvarVars read(JsonParser p) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "expvar body is not a JSON object", 0, 0);
        }
        List<String> cmdline = null;
        Map<String, Double> memstats = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("cmdline")) {
                if (v != JsonToken.START_ARRAY) {
                    throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "cmdline is not an array", Json.offset(p), 0);
                }
                cmdline = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "cmdline holds a non-string", Json.offset(p), 0);
                    }
                    cmdline.add(p.getString());
                }
            } else if (name.equals("memstats")) {
                if (v != JsonToken.START_OBJECT) {
                    throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "memstats is not an object", Json.offset(p), 0);
                }
                memstats = new HashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = p.currentName();
                    JsonToken fv = p.nextToken();
                    if (fv == JsonToken.START_ARRAY || fv == JsonToken.START_OBJECT) {
                        p.skipChildren(); // PauseNs, PauseEnd, BySize
                    } else {
                        memstats.put(field, Json.number(p, "memstats." + field));
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (cmdline == null && memstats == null) {
            throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "neither cmdline nor memstats present", -1, 0);
        }
        return new ExpvarVars(cmdline == null ? List.of() : cmdline, memstats == null ? Map.of() : memstats);
    }
}
