package io.leakscan.telemetry.parse;


import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the text goroutine profiles of net/http/pprof: {@code goroutine?debug=1} (stacks grouped by the runtime),
 * {@code goroutine?debug=2} (every goroutine with its wait state, grouped here) and the Go 1.26
 * {@code goroutineleak?debug=1} (same format as debug=1 with its own header). Total: never throws.
 */
public final class GoroutineTextParser {

    public static final GoroutineTextParser DEFAULT = new GoroutineTextParser(ParseLimits.DEFAULT);

    private static final String GOROUTINE_HEADER = "goroutine profile: total ";
    private static final String LEAK_HEADER = "goroutineleak profile: total ";

    private final ParseLimits limits;

    public GoroutineTextParser(ParseLimits limits) {
        this.limits = limits;
    }

    /** {@code debug=1} or {@code goroutineleak?debug=1}, told apart by the header line. */
    public ParseResult<GoroutineDump> parseDebug1(InputStream in, Instant capturedAt) {
        return Bodies.guard(in, limits.maxProfileBytes(), data -> debug1(data, capturedAt));
    }

    /** {@code debug=2}: individual goroutines, also grouped by identical stack and creator. */
    public ParseResult<GoroutineDump> parseDebug2(InputStream in, Instant capturedAt) {
        return Bodies.guard(in, limits.maxProfileBytes(), data -> debug2(data, capturedAt));
    }

    /** Either text form, chosen from the first line. */
    public ParseResult<GoroutineDump> parse(InputStream in, Instant capturedAt) {
        return Bodies.guard(in, limits.maxProfileBytes(), data -> {
            TextInput t = new TextInput(data, limits.maxLineBytes());
            String first = t.peek();
            return first != null && first.startsWith("goroutine ") && !first.startsWith(GOROUTINE_HEADER)
                    ? debug2(data, capturedAt) : debug1(data, capturedAt);
        });
    }

    GoroutineDump debug1(byte[] data, Instant capturedAt) {
        TextInput in = new TextInput(data, limits.maxLineBytes());
        if (in.isEmpty()) {
            throw in.error(ParseFailure.Kind.EMPTY, "empty body");
        }
        String header = in.next();
        GoroutineDump.Kind kind;
        String rest;
        if (header.startsWith(GOROUTINE_HEADER)) {
            kind = GoroutineDump.Kind.GOROUTINE;
            rest = header.substring(GOROUTINE_HEADER.length());
        } else if (header.startsWith(LEAK_HEADER)) {
            kind = GoroutineDump.Kind.GOROUTINE_LEAK;
            rest = header.substring(LEAK_HEADER.length());
        } else {
            throw in.error(ParseFailure.Kind.MALFORMED, "not a goroutine profile header");
        }
        int total = GoText.toInt(in, GoText.parseLong(in, rest, 0, rest.length(), "total"), "total");
        List<StackGroup> groups = new ArrayList<>();
        long sum = 0;
        String line;
        while ((line = in.next()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            int at = line.indexOf(" @");
            if (at <= 0) {
                throw in.error(ParseFailure.Kind.MALFORMED, "expected 'COUNT @ addresses'");
            }
            int count = GoText.toInt(in, GoText.parseLong(in, line, 0, at, "count"), "count");
            Map<String, String> labels = Map.of();
            List<Frame> frames = new ArrayList<>();
            String next;
            while ((next = in.peek()) != null && next.startsWith("#")) {
                in.next();
                if (next.startsWith("# labels:")) {
                    labels = GoText.labels(in, next.substring("# labels:".length()));
                } else {
                    frames.add(GoText.hashFrame(in, next));
                }
            }
            if (next == null) {
                // the runtime ends every group with a blank line; a group can legitimately have no frame lines
                // (a goroutine that has not started: "1 @ 0x497521"), so the blank line is the only end marker
                throw in.error(ParseFailure.Kind.TRUNCATED, "body ends inside a group");
            }
            sum += count;
            groups.add(new StackGroup(count, frames, labels, null, Map.of(), 0));
        }
        if (in.endsWithoutNewline()) {
            throw in.error(ParseFailure.Kind.TRUNCATED, "body ends inside a line");
        }
        if (sum < total) {
            throw in.error(ParseFailure.Kind.TRUNCATED, "groups hold " + sum + " of " + total + " goroutines");
        }
        if (sum > total) {
            throw in.error(ParseFailure.Kind.MALFORMED, "groups hold " + sum + " goroutines, header says " + total);
        }
        groups.sort(Comparator.comparingInt(StackGroup::count).reversed());
        return new GoroutineDump(kind, new GoroutineProfile(capturedAt, total, groups, false), List.of());
    }

    GoroutineDump debug2(byte[] data, Instant capturedAt) {
        TextInput in = new TextInput(data, limits.maxLineBytes());
        if (in.isEmpty()) {
            throw in.error(ParseFailure.Kind.EMPTY, "empty body");
        }
        List<GoroutineRecord> all = new ArrayList<>();
        String line;
        while ((line = in.next()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            all.add(goroutine(in, line));
        }
        if (in.endsWithoutNewline()) {
            throw in.error(ParseFailure.Kind.TRUNCATED, "body ends inside a line");
        }
        if (all.isEmpty()) {
            throw in.error(ParseFailure.Kind.EMPTY, "no goroutines");
        }
        return new GoroutineDump(GoroutineDump.Kind.GOROUTINE,
                new GoroutineProfile(capturedAt, all.size(), group(all), true), all);
    }

    private GoroutineRecord goroutine(TextInput in, String header) {
        // goroutine 18 [chan receive, 3 minutes, locked to thread]:
        if (!header.startsWith("goroutine ") || !header.endsWith("]:")) {
            throw in.error(ParseFailure.Kind.MALFORMED, "expected 'goroutine N [state]:'");
        }
        int idEnd = header.indexOf(' ', 10);
        int open = header.indexOf('[');
        if (idEnd < 0 || open < idEnd) {
            throw in.error(ParseFailure.Kind.MALFORMED, "bad goroutine header");
        }
        long id = GoText.parseLong(in, header, 10, idEnd, "goroutine id");
        String inside = header.substring(open + 1, header.length() - 2);
        int comma = inside.indexOf(", ");
        String state = comma < 0 ? inside : inside.substring(0, comma);
        int minutes = 0;
        List<String> annotations = new ArrayList<>(0);
        while (comma >= 0) {
            int from = comma + 2;
            comma = inside.indexOf(", ", from);
            String p = comma < 0 ? inside.substring(from) : inside.substring(from, comma);
            int sp = p.indexOf(' ');
            if (sp > 0 && (p.endsWith(" minutes") || p.endsWith(" minute")) && digits(p, sp)) {
                minutes = GoText.toInt(in, GoText.parseLong(in, p, 0, sp, "minutes"), "minutes");
            } else {
                annotations.add(p);
            }
        }
        List<Frame> frames = new ArrayList<>();
        Frame createdBy = null;
        long creator = -1;
        boolean elided = false;
        String pending = null; // a function line waiting for its file:line
        String line;
        while ((line = in.peek()) != null && !line.isEmpty()) {
            in.next();
            if (line.startsWith("\t")) {
                if (pending != null) {
                    frames.add(GoText.fileLine(in, pending, line));
                    pending = null;
                }
                // otherwise a note such as "goroutine running on other thread; stack unavailable"
                continue;
            }
            if (pending != null) {
                frames.add(new Frame(pending, null, 0));
                pending = null;
            }
            if (line.startsWith("created by ")) {
                String fn = line.substring("created by ".length());
                int in_ = fn.lastIndexOf(" in goroutine ");
                if (in_ > 0) {
                    creator = GoText.parseLong(in, fn, in_ + " in goroutine ".length(), fn.length(), "creator id");
                    fn = fn.substring(0, in_);
                }
                String loc = in.peek();
                if (loc != null && loc.startsWith("\t")) {
                    in.next();
                    createdBy = GoText.fileLine(in, fn, loc);
                } else if (loc == null) {
                    throw in.error(ParseFailure.Kind.TRUNCATED, "body ends after 'created by'");
                } else {
                    createdBy = new Frame(fn, null, 0);
                }
            } else if (line.startsWith("...")) {
                elided = true;
            } else {
                pending = stripArgs(line);
            }
        }
        if (pending != null) {
            if (line == null) {
                throw in.error(ParseFailure.Kind.TRUNCATED, "body ends before a frame's file:line");
            }
            frames.add(new Frame(pending, null, 0));
        }
        if (frames.isEmpty() && line == null && !header.contains("[running]")) {
            throw in.error(ParseFailure.Kind.TRUNCATED, "body ends after a goroutine header");
        }
        return new GoroutineRecord(id, state, minutes, annotations, frames, createdBy, creator, elided);
    }

    private static boolean digits(String s, int to) {
        for (int i = 0; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code net/http.(*conn).serve(0xc000, {0x9254c8, 0xc0})} to {@code net/http.(*conn).serve}. */
    static String stripArgs(String line) {
        if (!line.endsWith(")")) {
            return line;
        }
        int depth = 0;
        for (int i = line.length() - 1; i >= 0; i--) {
            char c = line.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                depth--;
                if (depth == 0) {
                    return i == 0 ? line : line.substring(0, i);
                }
            }
        }
        return line;
    }

    /** Groups goroutines by identical frames and creator, as debug=1 would, keeping wait states. */
    private static List<StackGroup> group(List<GoroutineRecord> all) {
        Map<String, Acc> byKey = new LinkedHashMap<>();
        for (GoroutineRecord g : all) {
            StringBuilder key = new StringBuilder(256);
            for (Frame f : g.frames()) {
                key.append(f.function()).append(':').append(f.line()).append('\n');
            }
            key.append("created by ").append(g.createdBy() == null ? "" : g.createdBy().function());
            Acc acc = byKey.computeIfAbsent(key.toString(), k -> new Acc(g));
            acc.count++;
            acc.states.merge(g.state(), 1, Integer::sum);
            acc.maxMinutes = Math.max(acc.maxMinutes, g.waitMinutes());
        }
        List<StackGroup> groups = new ArrayList<>(byKey.size());
        for (Acc a : byKey.values()) {
            groups.add(new StackGroup(a.count, a.first.frames(), Map.of(), a.first.createdBy(), a.states, a.maxMinutes));
        }
        groups.sort(Comparator.comparingInt(StackGroup::count).reversed());
        return groups;
    }

    private static final class Acc {
        final GoroutineRecord first;
        int count;
        int maxMinutes;
        final Map<String, Integer> states = new HashMap<>(4);

        Acc(GoroutineRecord first) {
            this.first = first;
        }
    }
}
