package io.leakscan.telemetry.parse;

import java.io.InputStream;
import java.time.Instant;

/**
 * Parses the binary pprof format (gzip-compressed or raw {@code profile.proto}): the gzip layer stops at the
 * decompressed-size cap, {@link PprofDecoder} reads the message model with a bounded {@link ProtoWire}, and
 * {@link PprofMapping} turns it into our goroutine and heap profiles.
 */
public final class PprofParser {

    public static final PprofParser DEFAULT = new PprofParser(ParseLimits.DEFAULT);

    private final ParseLimits limits;

    public PprofParser(ParseLimits limits) {
        this.limits = limits;
    }

    public ParseResult<PprofProfile> parse(InputStream in) {
        return Bodies.guard(in, limits.maxCompressedBytes(), this::decode);
    }

    /** A binary goroutine profile as groups; labels kept, no wait states (the format has none). */
    public ParseResult<GoroutineDump> parseGoroutine(InputStream in, Instant capturedAt) {
        return Bodies.guard(in, limits.maxCompressedBytes(),
                data -> PprofMapping.toGoroutines(decode(data), capturedAt));
    }

    /** A binary heap profile as in-use/alloc figures per stack (pprof's scaled estimates); no MemStats. */
    public ParseResult<HeapProfile> parseHeap(InputStream in, Instant capturedAt) {
        return Bodies.guard(in, limits.maxCompressedBytes(), data -> PprofMapping.toHeap(decode(data), capturedAt));
    }

    private PprofProfile decode(byte[] raw) {
        byte[] data = Bodies.isGzip(raw) ? Bodies.gunzipBounded(raw, limits.maxProfileBytes()) : raw;
        return PprofDecoder.decode(data);
    }
}
