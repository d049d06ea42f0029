package io.leakscan.telemetry.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A protobuf wire-format reader over a byte range, for hostile input: every length is checked against the bytes that
 * remain and varints are at most 10 bytes, so a lying length is TRUNCATED or MALFORMED, never a large allocation.
 */
final class ProtoWire {

    private final byte[] b;
    private int pos;
    private final int end;

    ProtoWire(byte[] b, int from, int to) {
        this.b = b;
        this.pos = from;
        this.end = to;
    }

    boolean more() {
        return pos < end;
    }

    long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new ParseError(ParseFailure.Kind.TRUNCATED, "varint runs past the end", pos, 0);
            }
            int c = b[pos++] & 0xff;
            v |= (long) (c & 0x7f) << shift;
            if (c < 0x80) {
                return v;
            }
        }
        throw new ParseError(ParseFailure.Kind.MALFORMED, "varint longer than 10 bytes", pos, 0);
    }

    long varintField(int type) {
        if (type != 0) {
            throw new ParseError(ParseFailure.Kind.MALFORMED, "expected a varint field", pos, 0);
        }
        return varint();
    }

    private int length() {
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw new ParseError(ParseFailure.Kind.TRUNCATED, "length " + len + " runs past the end", pos, 0);
        }
        return (int) len;
    }

    ProtoWire message(int type) {
        if (type != 2) {
            throw new ParseError(ParseFailure.Kind.MALFORMED, "expected a length-delimited field", pos, 0);
        }
        int len = length();
        ProtoWire w = new ProtoWire(b, pos, pos + len);
        pos += len;
        return w;
    }

    String string(int type) {
        if (type != 2) {
            throw new ParseError(ParseFailure.Kind.MALFORMED, "expected a string field", pos, 0);
        }
        int len = length();
        int bad = Utf8.firstInvalid(b, pos, len);
        if (bad >= 0) {
            throw new ParseError(ParseFailure.Kind.INVALID_ENCODING, "invalid UTF-8 in string table", bad, 0);
        }
        String s = new String(b, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Repeated varints, packed (type 2) or one per field (type 0). */
    void repeatedVarint(int type, LongList out) {
        if (type == 0) {
            out.add(varint());
            return;
        }
        ProtoWire p = message(type);
        while (p.more()) {
            out.add(p.varint());
        }
    }

    void skip(int type) {
        switch (type) {
            case 0 -> varint();
            case 1 -> advance(8);
            case 2 -> advance(length());
            case 5 -> advance(4);
            default -> throw new ParseError(ParseFailure.Kind.MALFORMED, "unsupported wire type " + type, pos, 0);
        }
    }

    private void advance(int n) {
        if (n > end - pos) {
            throw new ParseError(ParseFailure.Kind.TRUNCATED, "field runs past the end", pos, 0);
        }
        pos += n;
    }

    /** A growable long array: no boxing for location ids and values. */
    static final class LongList {
        long[] a = new long[8];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
