package io.leakscan.telemetry.parse;


import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code /debug/pprof/heap?debug=1}: header {@code heap profile: A: B [C: D] @ heap/R}, records
 * {@code A: B [C: D] @ addrs} each followed by {@code #} frame lines, then the {@code # runtime.MemStats} block.
 */
public final class HeapTextParser {

    public static final HeapTextParser DEFAULT = new HeapTextParser(ParseLimits.DEFAULT);

    private final ParseLimits limits;

    public HeapTextParser(ParseLimits limits) {
        this.limits = limits;
    }

    public ParseResult<HeapProfile> parse(InputStream in, Instant capturedAt) {
        return Bodies.guard(in, limits.maxProfileBytes(), data -> parse(data, capturedAt));
    }

    HeapProfile parse(byte[] data, Instant capturedAt) {
        TextInput in = new TextInput(data, limits.maxLineBytes());
        if (in.isEmpty()) {
            throw in.error(ParseFailure.Kind.EMPTY, "empty body");
        }
        String header = in.next();
        if (!header.startsWith("heap profile: ")) {
            throw in.error(ParseFailure.Kind.MALFORMED, "not a heap profile header");
        }
        long[] totals = new long[4];
        int at = counts(in, header, "heap profile: ".length(), totals);
        long rate = 0;
        String tail = header.substring(at).strip();
        if (tail.startsWith("heap/")) {
            rate = GoText.parseLong(in, tail, 5, tail.length(), "sampling rate");
        }
        List<HeapProfile.Record> records = new ArrayList<>();
        Map<String, Double> stats = new HashMap<>();
        Map<String, List<Long>> arrays = new HashMap<>();
        boolean sawMemStats = false;
        long sumObjects = 0;
        long sumBytes = 0;
        String line;
        while ((line = in.next()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("# runtime.MemStats")) {
                sawMemStats = true;
                continue;
            }
            if (sawMemStats) {
                memStat(in, line, stats, arrays);
                continue;
            }
            if (line.startsWith("#")) {
                throw in.error(ParseFailure.Kind.MALFORMED, "frame line outside a record");
            }
            long[] c = new long[4];
            counts(in, line, 0, c);
            List<Frame> frames = new ArrayList<>();
            String next;
            while ((next = in.peek()) != null && next.startsWith("#\t")) {
                in.next();
                frames.add(GoText.hashFrame(in, next));
            }
            sumObjects = Math.addExact(sumObjects, c[0]);
            sumBytes = Math.addExact(sumBytes, c[1]);
            records.add(new HeapProfile.Record(c[0], c[1], c[2], c[3], frames));
        }
        if (in.endsWithoutNewline()) {
            throw in.error(ParseFailure.Kind.TRUNCATED, "body ends inside a line");
        }
        if (!sawMemStats) {
            // the runtime always writes the block last: without it the body was cut
            throw in.error(ParseFailure.Kind.TRUNCATED, "no # runtime.MemStats block");
        }
        if (sumObjects != totals[0] || sumBytes != totals[1]) {
            throw in.error(ParseFailure.Kind.MALFORMED, "records do not add up to the header totals");
        }
        records.sort(Comparator.comparingLong(HeapProfile.Record::inuseBytes).reversed());
        return new HeapProfile(capturedAt, totals[0], totals[1], totals[2], totals[3], rate, records, stats, arrays);
    }

    /** Reads {@code A: B [C: D] @} from {@code from}; returns the index after '@'. */
    private static int counts(TextInput in, String s, int from, long[] out) {
        int c1 = s.indexOf(':', from);
        int open = s.indexOf('[', from);
        int c2 = open < 0 ? -1 : s.indexOf(':', open);
        int close = c2 < 0 ? -1 : s.indexOf(']', c2);
        int at = close < 0 ? -1 : s.indexOf('@', close);
        if (c1 < 0 || open < c1 || c2 < 0 || close < 0 || at < 0) {
            throw in.error(ParseFailure.Kind.MALFORMED, "expected 'A: B [C: D] @'");
        }
        out[0] = num(in, s, from, c1);
        out[1] = num(in, s, c1 + 1, open);
        out[2] = num(in, s, open + 1, c2);
        out[3] = num(in, s, c2 + 1, close);
        return at + 1;
    }

    private static long num(TextInput in, String s, int from, int to) {
        while (from < to && s.charAt(from) == ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        return GoText.parseLong(in, s, from, to, "count");
    }

    private static final Map<String, String[]> PAIRS = Map.of(
            "Stack", new String[]{"StackInuse", "StackSys"},
            "MSpan", new String[]{"MSpanInuse", "MSpanSys"},
            "MCache", new String[]{"MCacheInuse", "MCacheSys"});

    private static void memStat(TextInput in, String line, Map<String, Double> stats, Map<String, List<Long>> arrays) {
        if (!line.startsWith("# ")) {
            throw in.error(ParseFailure.Kind.MALFORMED, "expected '# Name = value' in MemStats");
        }
        int eq = line.indexOf(" = ");
        if (eq < 0) {
            throw in.error(ParseFailure.Kind.MALFORMED, "expected '# Name = value' in MemStats");
        }
        String name = line.substring(2, eq).strip();
        String value = line.substring(eq + 3).strip();
        if (value.startsWith("[")) {
            if (!value.endsWith("]")) {
                throw in.error(ParseFailure.Kind.MALFORMED, "unterminated array");
            }
            String body = value.substring(1, value.length() - 1).strip();
            List<Long> list = new ArrayList<>();
            if (!body.isEmpty()) {
                for (String v : body.split(" +")) {
                    list.add(GoText.parseLong(in, v, 0, v.length(), name));
                }
            }
            arrays.put(name, List.copyOf(list));
            return;
        }
        String[] pair = PAIRS.get(name);
        int slash = value.indexOf(" / ");
        if (pair != null && slash > 0) {
            stats.put(pair[0], number(in, value.substring(0, slash), name));
            stats.put(pair[1], number(in, value.substring(slash + 3), name));
            return;
        }
        if (value.equals("true") || value.equals("false")) {
            stats.put(name, value.equals("true") ? 1.0 : 0.0);
            return;
        }
        stats.put(name, number(in, value, name));
    }

    private static double number(TextInput in, String s, String name) {
        s = s.strip();
        if (s.isEmpty() || !(Character.isDigit(s.charAt(0)) || s.charAt(0) == '-')) {
            throw in.error(ParseFailure.Kind.MALFORMED, "bad value for " + name);
        }
        try {
            double d = Double.parseDouble(s);
            if (Double.isInfinite(d) || Double.isNaN(d)) {
                throw in.error(ParseFailure.Kind.WRONG_TYPE, name + " out of range");
            }
            return d;
        } catch (NumberFormatException e) {
            throw in.error(ParseFailure.Kind.MALFORMED, "bad value for " + name);
        }
    }
}
