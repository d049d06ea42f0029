package io.leakscan.telemetry.parse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Maps a decoded pprof profile to our profiles: a goroutine profile to stack groups (labels kept, no wait states,
 * the format has none), a heap profile to in-use/alloc figures per stack (pprof's scaled estimates, no MemStats).
 * The public conversions are total, like the parsers.
 */
public final class PprofMapping {

    private PprofMapping() {
    }

    public static ParseResult<GoroutineDump> goroutines(PprofProfile p, Instant at) {
        try {
            return ParseResult.parsed(toGoroutines(p, at));
        } catch (ParseError e) {
            return ParseResult.failed(e.failure);
        } catch (ArithmeticException e) {
            return ParseResult.failed(ParseFailure.Kind.WRONG_TYPE, "values out of range", -1, 0);
        }
    }

    public static ParseResult<HeapProfile> heap(PprofProfile p, Instant at) {
        try {
            return ParseResult.parsed(toHeap(p, at));
        } catch (ParseError e) {
            return ParseResult.failed(e.failure);
        } catch (ArithmeticException e) {
            return ParseResult.failed(ParseFailure.Kind.WRONG_TYPE, "values out of range", -1, 0);
        }
    }

    static GoroutineDump toGoroutines(PprofProfile p, Instant capturedAt) {
        int col = p.column("goroutine");
        // /debug/pprof/goroutineleak (Go 1.27; Go 1.26 with the experiment) has the same shape, its own sample type
        GoroutineDump.Kind kind = GoroutineDump.Kind.GOROUTINE;
        if (col < 0 && p.column("goroutineleak") >= 0) {
            col = p.column("goroutineleak");
            kind = GoroutineDump.Kind.GOROUTINE_LEAK;
        }
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
        return new GoroutineDump(kind, new GoroutineProfile(capturedAt, (int) total, groups, false), List.of());
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
}
