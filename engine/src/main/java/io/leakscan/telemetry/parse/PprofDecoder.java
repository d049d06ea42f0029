package io.leakscan.telemetry.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads pprof's message model out of {@code profile.proto} bytes: the string table, sample types, samples,
 * locations and functions, resolved into a {@link PprofProfile} with frames innermost first. Every reference is
 * checked: a dangling location, function or string index is MALFORMED.
 */
final class PprofDecoder {

    private PprofDecoder() {
    }

    /** @param data the uncompressed {@code profile.proto} bytes */
    static PprofProfile decode(byte[] data) {
        if (data.length == 0) {
            throw new ParseError(ParseFailure.Kind.EMPTY, "empty profile", 0, 0);
        }
        ProtoWire w = new ProtoWire(data, 0, data.length);
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

    private static long[] valueType(ProtoWire m) {
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

    private record RawSample(ProtoWire.LongList locationIds, long[] values, List<long[]> labels) {
    }

    private static RawSample sample(ProtoWire m) {
        ProtoWire.LongList locs = new ProtoWire.LongList();
        ProtoWire.LongList values = new ProtoWire.LongList();
        List<long[]> labels = new ArrayList<>(0);
        while (m.more()) {
            long key = m.varint();
            int f = (int) (key >>> 3);
            int t = (int) (key & 7);
            switch (f) {
                case 1 -> m.repeatedVarint(t, locs);
                case 2 -> m.repeatedVarint(t, values);
                case 3 -> {
                    ProtoWire l = m.message(t);
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

    private static void location(ProtoWire m, Map<Long, List<long[]>> locations) {
        long id = 0;
        List<long[]> lines = new ArrayList<>(1);
        while (m.more()) {
            long key = m.varint();
            int f = (int) (key >>> 3);
            int t = (int) (key & 7);
            if (f == 1) {
                id = m.varintField(t);
            } else if (f == 4) {
                ProtoWire l = m.message(t);
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

    private static void function(ProtoWire m, Map<Long, long[]> functions) {
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
}
