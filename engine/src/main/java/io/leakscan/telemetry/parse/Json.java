package io.leakscan.telemetry.parse;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Function;

/** Jackson 3 streaming with hard constraints, shared by the JSON parsers; maps Jackson's exceptions to failures. */
final class Json {

    private Json() {
    }

    static JsonFactory factory(ParseLimits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxNumberLength(100)
                        .maxStringLength(1 << 20)
                        .maxNameLength(4096)
                        .maxDocumentLength(limits.maxJsonBytes())
                        .maxTokenCount(1_000_000)
                        .build())
                .build();
    }

    interface Body<T> {
        T read(JsonParser p);
    }

    static <T> ParseResult<T> parse(JsonFactory factory, InputStream in, long cap, Body<T> body) {
        Function<byte[], T> fn = data -> {
            if (data.length == 0) {
                throw new ParseError(ParseFailure.Kind.EMPTY, "empty body", 0, 0);
            }
            int bad = Utf8.firstInvalid(data, 0, data.length);
            if (bad >= 0) {
                throw new ParseError(ParseFailure.Kind.INVALID_ENCODING, "invalid UTF-8", bad, 0);
            }
            try (JsonParser p = factory.createParser(ObjectReadContext.empty(), new ByteArrayInputStream(data))) {
                T value = body.read(p);
                if (p.nextToken() != null) {
                    throw new ParseError(ParseFailure.Kind.MALFORMED, "content after the JSON value", offset(p), 0);
                }
                return value;
            } catch (StreamConstraintsException e) {
                throw new ParseError(ParseFailure.Kind.TOO_LARGE, oneLine(e), -1, 0);
            } catch (UnexpectedEndOfInputException e) {
                throw new ParseError(ParseFailure.Kind.TRUNCATED, "JSON ends early", data.length, 0);
            } catch (InputCoercionException e) {
                throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "number out of range", -1, 0);
            } catch (JacksonException e) {
                throw new ParseError(ParseFailure.Kind.MALFORMED, oneLine(e), -1, 0);
            }
        };
        return Bodies.guard(in, cap, fn);
    }

    static long offset(JsonParser p) {
        return p.currentTokenLocation().getByteOffset();
    }

    private static String oneLine(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        m = m.lines().findFirst().orElse("");
        return m.length() > 200 ? m.substring(0, 200) : m;
    }

    /** A finite number (or a boolean as 1/0) at the current token; anything else is WRONG_TYPE. */
    static double number(JsonParser p, String what) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE ? 1 : 0;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new ParseError(ParseFailure.Kind.WRONG_TYPE, what + " is not a number", offset(p), 0);
        }
        double d = p.getDoubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new ParseError(ParseFailure.Kind.WRONG_TYPE, what + " out of range", offset(p), 0);
        }
        return d;
    }
}
