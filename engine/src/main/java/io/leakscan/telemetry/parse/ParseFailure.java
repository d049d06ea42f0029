package io.leakscan.telemetry.parse;

/**
 * Why a body could not be parsed.
 *
 * @param kind    the class of problem
 * @param message one line for a human, never the raw body
 * @param offset  byte offset in the (decompressed) input where it was noticed, -1 when unknown
 * @param line    1-based line for text formats, 0 when not applicable
 */
public record ParseFailure(Kind kind, String message, long offset, int line) {

    public enum Kind {
        /** Nothing to parse. */
        EMPTY,
        /** The body exceeded the size cap (compressed or decompressed). */
        TOO_LARGE,
        /** The body ended in the middle of a structure. */
        TRUNCATED,
        /** The body is not in the expected syntax. */
        MALFORMED,
        /** Well formed, but a value has the wrong type or is out of range (e.g. a count above Integer.MAX_VALUE). */
        WRONG_TYPE,
        /** Not valid UTF-8 where text was expected. */
        INVALID_ENCODING,
        /** Reading the stream failed (reset, timeout). */
        IO_ERROR
    }

    @Override
    public String toString() {
        return kind + ": " + message + (line > 0 ? " (line " + line + ")" : "") + (offset >= 0 ? " @" + offset : "");
    }
}
