package io.leakscan.telemetry.parse;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Bounded reading of bodies: the cap is checked while the bytes arrive, never after. */
public final class Bodies {

    private Bodies() {
    }

    /**
     * A body already in memory (fetched under its cap and the scan's budget), for the parsers' InputStream entry
     * points: they read it in place instead of copying it once more.
     */
    public static InputStream inMemory(byte[] body) {
        return new InMemory(body);
    }

    private static final class InMemory extends ByteArrayInputStream {
        InMemory(byte[] body) {
            super(body);
        }

        /** The unread bytes, without a copy when nothing was read yet (the usual case). */
        byte[] unread() {
            return pos == 0 && count == buf.length ? buf : Arrays.copyOfRange(buf, pos, count);
        }
    }

    /** Reads at most {@code cap} bytes; one byte more is TOO_LARGE. Never closes {@code in}. */
    public static byte[] readBounded(InputStream in, long cap) {
        if (in == null) {
            throw new ParseError(ParseFailure.Kind.EMPTY, "no body", 0, 0);
        }
        if (in instanceof InMemory m) {
            if (m.available() > cap) {
                throw tooLarge(cap);
            }
            return m.unread();
        }
        byte[] buf = new byte[(int) Math.min(cap + 1, 64 * 1024)];
        int n = 0;
        try {
            while (true) {
                if (n == buf.length) {
                    if (n > cap) {
                        throw tooLarge(cap);
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(cap + 1, (long) buf.length * 2));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                if (n > cap) {
                    throw tooLarge(cap);
                }
            }
        } catch (IOException e) {
            throw new ParseError(ParseFailure.Kind.IO_ERROR, "read failed: " + e.getClass().getSimpleName(), n, 0);
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    /** Decompresses gzip (possibly multi-member) with a cap on the decompressed size: a gzip bomb stops at the cap. */
    public static byte[] gunzipBounded(byte[] data, long cap) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
            return readBounded(in, cap);
        } catch (ParseError e) {
            if (e.failure.kind() == ParseFailure.Kind.IO_ERROR) {
                throw new ParseError(ParseFailure.Kind.MALFORMED, "bad gzip stream", -1, 0);
            }
            throw e;
        } catch (EOFException e) {
            throw new ParseError(ParseFailure.Kind.TRUNCATED, "gzip stream ends early", data.length, 0);
        } catch (ZipException e) {
            throw new ParseError(ParseFailure.Kind.MALFORMED, "bad gzip stream", -1, 0);
        } catch (IOException e) {
            throw new ParseError(ParseFailure.Kind.IO_ERROR, "gzip read failed", -1, 0);
        }
    }

    private static ParseError tooLarge(long cap) {
        return new ParseError(ParseFailure.Kind.TOO_LARGE, "body exceeds " + cap + " bytes", cap, 0);
    }

    /**
     * Runs a parser so that nothing escapes: ParseError becomes its failure, any other runtime exception (a parser
     * bug tripped by hostile input) becomes MALFORMED. Errors other than StackOverflowError propagate: they are not
     * input problems.
     */
    static <T> ParseResult<T> guard(InputStream in, long cap, Function<byte[], T> parser) {
        try {
            byte[] data = readBounded(in, cap);
            return ParseResult.parsed(parser.apply(data));
        } catch (ParseError e) {
            return ParseResult.failed(e.failure);
        } catch (RuntimeException | StackOverflowError e) {
            return ParseResult.failed(ParseFailure.Kind.MALFORMED, "unparseable: " + e.getClass().getSimpleName(), -1, 0);
        }
    }
}
