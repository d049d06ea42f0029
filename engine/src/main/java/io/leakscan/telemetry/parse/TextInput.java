package io.leakscan.telemetry.parse;

import java.nio.charset.StandardCharsets;

/** A line cursor over a bounded, UTF-8-validated byte array; accepts LF and CRLF line ends. */
final class TextInput {

    private final byte[] data;
    private final int maxLine;
    private int pos;
    private int lineNo;
    private int lineStart;
    private String peeked;
    private int peekedStart;
    private int peekedNext;

    TextInput(byte[] data, int maxLine) {
        this.data = data;
        this.maxLine = maxLine;
        int bad = Utf8.firstInvalid(data, 0, data.length);
        if (bad >= 0) {
            throw new ParseError(ParseFailure.Kind.INVALID_ENCODING, "invalid UTF-8", bad, 0);
        }
    }

    boolean isEmpty() {
        return data.length == 0;
    }

    /** The next line without its line end, or null at the end of input. */
    String next() {
        if (peeked != null) {
            String s = peeked;
            peeked = null;
            lineStart = peekedStart;
            pos = peekedNext;
            lineNo++;
            return s;
        }
        if (pos >= data.length) {
            return null;
        }
        lineStart = pos;
        int end = pos;
        while (end < data.length && data[end] != '\n') {
            end++;
        }
        int next = end < data.length ? end + 1 : end;
        int len = end - pos;
        if (len > 0 && data[pos + len - 1] == '\r') {
            len--;
        }
        lineNo++;
        if (len > maxLine) {
            throw error(ParseFailure.Kind.MALFORMED, "line longer than " + maxLine + " bytes");
        }
        String s = new String(data, pos, len, StandardCharsets.UTF_8);
        pos = next;
        return s;
    }

    /** Looks at the next line without consuming it (cached: the following next() returns it without decoding again). */
    String peek() {
        if (peeked != null) {
            return peeked;
        }
        int p = pos;
        int l = lineNo;
        int ls = lineStart;
        String s = next();
        if (s != null) {
            peeked = s;
            peekedStart = lineStart;
            peekedNext = pos;
        }
        pos = p;
        lineNo = l;
        lineStart = ls;
        return s;
    }

    /** True when the input did not end with a line end (a truncated text body, or a last line without newline). */
    boolean endsWithoutNewline() {
        return data.length > 0 && data[data.length - 1] != '\n';
    }

    int line() {
        return lineNo;
    }

    ParseError error(ParseFailure.Kind kind, String message) {
        return new ParseError(kind, message, lineStart, lineNo);
    }
}
