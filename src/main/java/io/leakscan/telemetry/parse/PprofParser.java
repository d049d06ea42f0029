package io.leakscan.telemetry.parse;


import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the binary pprof format (gzip-compressed or raw {@code profile.proto}) with a small bounded protobuf wire
 * reader: every length is checked against the bytes that remain, varints are at most 10 bytes, and the gzip layer
 * stops at the decompressed-size cap.
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
        return Bodies.guard(in, limits.maxCompressedBytes(), data -> toGoroutines(decode(data), capturedAt));
    }

    /** A binary heap profile as in-use/alloc figures per stack (pprof's scaled estimates); no MemStats. */
    public ParseResult<HeapProfile> parseHeap(InputStream in, Instant capturedAt) {
        return Bodies.guard(in, limits.maxCompressedBytes(), data -> toHeap(decode(data), capturedAt));
    }

    static GoroutineDump toGoroutines(PprofProfile p, Instant capturedAt) {
        int col = p.column("goroutine");
        if (col < 0) {
            throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "not a goroutine profile", -1, 0);
        }
        long total = 0;
        List<StackGroup> groups = new ArrayList<>(p.samples().size());
        for (PprofProfile.Sample s : p.samples()) {
            long c = s.values()[col];
            if (c < 0 || c > Integer.MAX_VALUE) {
                throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "goroutine count out of range", -1, 0);
            }
            total += c;
            groups.add(new StackGroup((int) c, s.frames(), s.labels(), null, Map.of(), 0));
        }
        if (total > Integer.MAX_VALUE) {
            throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "goroutine total out of range", -1, 0);
        }
        groups.sort(Comparator.comparingInt(StackGroup::count).reversed());
        return new GoroutineDump(GoroutineDump.Kind.GOROUTINE,
                new GoroutineProfile(capturedAt, (int) total, groups, false), List.of());
    }

    static HeapProfile toHeap(PprofProfile p, Instant capturedAt) {
        int io = p.column("inuse_objects");
        int ib = p.column("inuse_space");
        int ao = p.column("alloc_objects");
        int ab = p.column("alloc_space");
        if (io < 0 || ib < 0) {
            throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "not a heap profile", -1, 0);
        }
        long[] t = new long[4];
        List<HeapProfile.Record> records = new ArrayList<>();
        for (PprofProfile.Sample s : p.samples()) {
            long[] v = s.values();
            long a = v[io];
            long b = v[ib];
            long c = ao < 0 ? 0 : v[ao];
            long d = ab < 0 ? 0 : v[ab];
            t[0] = Math.addExact(t[0], a);
            t[1] = Math.addExact(t[1], b);
            t[2] = Math.addExact(t[2], c);
            t[3] = Math.addExact(t[3], d);
            records.add(new HeapProfile.Record(a, b, c, d, s.frames()));
        }
        records.sort(Comparator.comparingLong(HeapProfile.Record::inuseBytes).reversed());
        return new HeapProfile(capturedAt, t[0], t[1], t[2], t[3], p.period(), records, Map.of(), Map.of());
    }

    PprofProfile decode(byte[] raw) {
        byte[] data = Bodies.isGzip(raw) ? Bodies.gunzipBounded(raw, limits.maxProfileBytes()) : raw;
        if (data.length == 0) {
            throw new ParseError(ParseFailure.Kind.EMPTY, "empty profile", 0, 0);
        }
        Wire w = new Wire(data, 0, data.length);
        List<String> strings = new ArrayList<>();
        List<long[]> sampleTypes = new ArrayList<>();
        List<RawSample> samples = new ArrayList<>();
        Map<Long, List<long[]>> locations = new HashMap<>(); // id -> lines (function id, line)
        Map<Long, long[]> functions = new HashMap<>();       // id -> name, filename string indexes
        long timeNanos = 0;
        long durationNanos = 0;
        long[] periodType = null;
        long period = 0;
        while (w.more()) {
            long key = w.varint();
            int field = (int) (key >>> 3);
            int type = (int) (key & 7);
            switch (field) {
                case 1 -> sampleTypes.add(valueType(w.message(type)));
                case 2 -> samples.add(sample(w.message(type)));
                case 4 -> location(w.message(type), locations);
                case 5 -> function(w.message(type), functions);
                case 6 -> strings.add(w.string(type));
                case 9 -> timeNanos = w.varintField(type);
                case 10 -> durationNanos = w.varintField(type);
                case 11 -> periodType = valueType(w.message(type));
                case 12 -> period = w.varintField(type);
                default -> w.skip(type);
            }
        }
        if (strings.isEmpty() || !strings.get(0).isEmpty()) {
            throw new ParseError(ParseFailure.Kind.MALFORMED, "string table must start with \"\"", -1, 0);
        }
        List<PprofProfile.ValueType> types = new ArrayList<>();
        for (long[] vt : sampleTypes) {
            types.add(new PprofProfile.ValueType(str(strings, vt[0]), str(strings, vt[1])));
        }
        Map<Long, List<Frame>> frameCache = new HashMap<>();
        List<PprofProfile.Sample> out = new ArrayList<>(samples.size());
        for (RawSample s : samples) {
            if (s.values.length != types.size()) {
                throw new ParseError(ParseFailure.Kind.MALFORMED, "sample has " + s.values.length + " values for "
                        + types.size() + " types", -1, 0);
            }
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < s.locationIds.size(); i++) {
                long id = s.locationIds.get(i);
                List<Frame> fs = frameCache.get(id);
                if (fs == null) {
                    fs = frames(id, locations, functions, strings);
                    frameCache.put(id, fs);
                }
                frames.addAll(fs);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (long[] l : s.labels) {
                String k = str(strings, l[0]);
                labels.put(k, l[1] != 0 ? str(strings, l[1]) : Long.toString(l[2]));
            }
            out.add(new PprofProfile.Sample(s.values, frames, labels));
        }
        return new PprofProfile(types, out, timeNanos, durationNanos,
                periodType == null ? null : new PprofProfile.ValueType(str(strings, periodType[0]), str(strings, periodType[1])),
                period);
    }

    private static List<Frame> frames(long id, Map<Long, List<long[]>> locations, Map<Long, long[]> functions,
                                      List<String> strings) {
        List<long[]> lines = locations.get(id);
        if (lines == null) {
            throw new ParseError(ParseFailure.Kind.MALFORMED, "sample refers to unknown location " + id, -1, 0);
        }
        List<Frame> out = new ArrayList<>(lines.size());
        for (long[] line : lines) { // inlined callees first, the caller last: innermost first already
            long[] fn = functions.get(line[0]);
            if (fn == null) {
                throw new ParseError(ParseFailure.Kind.MALFORMED, "line refers to unknown function " + line[0], -1, 0);
            }
            if (line[1] < 0 || line[1] > Integer.MAX_VALUE) {
                throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "line number out of range", -1, 0);
            }
            String file = str(strings, fn[1]);
            out.add(new Frame(str(strings, fn[0]), file.isEmpty() ? null : file, (int) line[1]));
        }
        return List.copyOf(out);
    }

    private static String str(List<String> strings, long index) {
        if (index < 0 || index >= strings.size()) {
            throw new ParseError(ParseFailure.Kind.MALFORMED, "string index " + index + " out of range", -1, 0);
        }
        return strings.get((int) index);
    }

    private static long[] valueType(Wire m) {
        long[] vt = new long[2];
        while (m.more()) {
            long key = m.varint();
            int f = (int) (key >>> 3);
            int t = (int) (key & 7);
            if (f == 1 || f == 2) {
                vt[f - 1] = m.varintField(t);
            } else {
                m.skip(t);
            }
        }
        return vt;
    }

    private record RawSample(LongList locationIds, long[] values, List<long[]> labels) {
    }

    private static RawSample sample(Wire m) {
        LongList locs = new LongList();
        LongList values = new LongList();
        List<long[]> labels = new ArrayList<>(0);
        while (m.more()) {
            long key = m.varint();
            int f = (int) (key >>> 3);
            int t = (int) (key & 7);
            switch (f) {
                case 1 -> m.repeatedVarint(t, locs);
                case 2 -> m.repeatedVarint(t, values);
                case 3 -> {
                    Wire l = m.message(t);
                    long[] kv = new long[3];
                    while (l.more()) {
                        long k2 = l.varint();
                        int f2 = (int) (k2 >>> 3);
                        int t2 = (int) (k2 & 7);
                        if (f2 >= 1 && f2 <= 3) {
                            kv[f2 - 1] = l.varintField(t2);
                        } else {
                            l.skip(t2);
                        }
                    }
                    labels.add(kv);
                }
                default -> m.skip(t);
            }
        }
        return new RawSample(locs, values.toArray(), labels);
    }

    private static void location(Wire m, Map<Long, List<long[]>> locations) {
        long id = 0;
        List<long[]> lines = new ArrayList<>(1);
        while (m.more()) {
            long key = m.varint();
            int f = (int) (key >>> 3);
            int t = (int) (key & 7);
            if (f == 1) {
                id = m.varintField(t);
            } else if (f == 4) {
                Wire l = m.message(t);
                long[] line = new long[2];
                while (l.more()) {
                    long k2 = l.varint();
                    int f2 = (int) (k2 >>> 3);
                    int t2 = (int) (k2 & 7);
                    if (f2 == 1 || f2 == 2) {
                        line[f2 - 1] = l.varintField(t2);
                    } else {
                        l.skip(t2);
                    }
                }
                lines.add(line);
            } else {
                m.skip(t);
            }
        }
        if (id == 0) {
            throw new ParseError(ParseFailure.Kind.MALFORMED, "location without id", -1, 0);
        }
        locations.put(id, lines);
    }

    private static void function(Wire m, Map<Long, long[]> functions) {
        long id = 0;
        long[] fn = new long[2]; // name, filename
        while (m.more()) {
            long key = m.varint();
            int f = (int) (key >>> 3);
            int t = (int) (key & 7);
            switch (f) {
                case 1 -> id = m.varintField(t);
                case 2 -> fn[0] = m.varintField(t);
                case 4 -> fn[1] = m.varintField(t);
                default -> m.skip(t);
            }
        }
        if (id == 0) {
            throw new ParseError(ParseFailure.Kind.MALFORMED, "function without id", -1, 0);
        }
        functions.put(id, fn);
    }

    /** A growable long array: no boxing for location ids and values. */
    static final class LongList {
        long[] a = new long[8];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
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
            return java.util.Arrays.copyOf(a, n);
        }
    }

    /** Protobuf wire reader over a byte range; every read is bounds-checked. */
    static final class Wire {
        private final byte[] b;
        private int pos;
        private final int end;

        Wire(byte[] b, int from, int to) {
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

        Wire message(int type) {
            if (type != 2) {
                throw new ParseError(ParseFailure.Kind.MALFORMED, "expected a length-delimited field", pos, 0);
            }
            int len = length();
            Wire w = new Wire(b, pos, pos + len);
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
            Wire p = message(type);
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
    }
}
