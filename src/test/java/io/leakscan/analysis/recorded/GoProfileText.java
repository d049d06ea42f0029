package io.leakscan.analysis.recorded;

import io.leakscan.telemetry.Frame;
import io.leakscan.telemetry.GoroutineProfile;
import io.leakscan.telemetry.StackGroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * TEST-ONLY stand-in for io.leakscan.telemetry's goroutine profile parser, which lives on the telemetry branch and
 * was not on main when these tests were written. It reads just enough of {@code goroutine?debug=1} and
 * {@code debug=2} text to turn the recorded fixtures into {@link GoroutineProfile}s. The integrator should swap it
 * for the real parser (one call site: {@link RecordedScenario#profile}).
 */
public final class GoProfileText {

    private static final java.util.regex.Pattern DEBUG1_FRAME =
            java.util.regex.Pattern.compile("^#\\s+0x[0-9a-f]+\\s+(\\S+?)(\\+0x[0-9a-f]+)?\\s+(\\S+):(\\d+)\\s*$");
    private static final java.util.regex.Pattern DEBUG2_HEADER =
            java.util.regex.Pattern.compile("^goroutine \\d+(?: [^\\[]*)?\\[([^\\]]*)\\]:$");
    private static final java.util.regex.Pattern LOCATION =
            java.util.regex.Pattern.compile("^\\s+(\\S+):(\\d+)(?: \\+0x[0-9a-f]+)?$");
    private static final java.util.regex.Pattern MINUTES = java.util.regex.Pattern.compile("(\\d+) minutes?");

    private GoProfileText() {
    }

    public static GoroutineProfile parse(String text, Instant at) {
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("goroutine ") && !trimmed.startsWith("goroutine profile:")) {
            return parseDebug2(text, at);
        }
        return parseDebug1(text, at);
    }

    static GoroutineProfile parseDebug1(String text, Instant at) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].matches("^\\w+ profile: total \\d+$")) {
            throw new IllegalArgumentException("not a debug=1 goroutine profile: " + firstLine(text));
        }
        int total = Integer.parseInt(lines[0].substring(lines[0].lastIndexOf(' ') + 1));
        List<StackGroup> groups = new ArrayList<>();
        int count = -1;
        List<Frame> frames = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.matches("^\\d+ @( 0x[0-9a-f]+)*\\s*$")) {
                count = Integer.parseInt(line.substring(0, line.indexOf(' ')));
                frames = new ArrayList<>();
            } else if (line.startsWith("#") && count >= 0) {
                Matcher m = DEBUG1_FRAME.matcher(line);
                if (m.matches()) {
                    frames.add(new Frame(m.group(1), m.group(3), Integer.parseInt(m.group(4))));
                }
            } else if (line.isBlank() && count >= 0) {
                groups.add(new StackGroup(count, frames, Map.of(), null, Map.of(), 0));
                count = -1;
            }
        }
        if (count >= 0) {
            groups.add(new StackGroup(count, frames, Map.of(), null, Map.of(), 0));
        }
        groups.sort(Comparator.comparingInt(StackGroup::count).reversed());
        return new GoroutineProfile(at, total, groups, false);
    }

    static GoroutineProfile parseDebug2(String text, Instant at) {
        String[] lines = text.split("\n");
        Map<String, List<Object[]>> byStack = new LinkedHashMap<>();
        int total = 0;
        int i = 0;
        while (i < lines.length) {
            Matcher h = DEBUG2_HEADER.matcher(lines[i]);
            if (!h.matches()) {
                i++;
                continue;
            }
            total++;
            String[] parts = h.group(1).split(", ");
            String state = parts[0];
            int minutes = 0;
            for (String p : parts) {
                Matcher mm = MINUTES.matcher(p);
                if (mm.matches()) {
                    minutes = Integer.parseInt(mm.group(1));
                }
            }
            List<Frame> frames = new ArrayList<>();
            Frame createdBy = null;
            i++;
            while (i < lines.length && !lines[i].isBlank()) {
                String fn = lines[i];
                String loc = i + 1 < lines.length ? lines[i + 1] : "";
                Matcher lm = LOCATION.matcher(loc);
                if (!lm.matches()) {
                    i++;
                    continue; // "...additional frames elided..." and the like
                }
                Frame f;
                if (fn.startsWith("created by ")) {
                    String name = fn.substring("created by ".length());
                    int in = name.indexOf(" in goroutine ");
                    name = in >= 0 ? name.substring(0, in) : name;
                    createdBy = new Frame(name, lm.group(1), Integer.parseInt(lm.group(2)));
                } else {
                    f = new Frame(stripArgs(fn), lm.group(1), Integer.parseInt(lm.group(2)));
                    frames.add(f);
                }
                i += 2;
            }
            StringBuilder key = new StringBuilder();
            frames.forEach(f -> key.append(f.function()).append(':').append(f.line()).append('\n'));
            key.append("<-").append(createdBy == null ? "" : createdBy.function());
            byStack.computeIfAbsent(key.toString(), k -> new ArrayList<>())
                    .add(new Object[] {frames, createdBy, state, minutes});
        }
        List<StackGroup> groups = new ArrayList<>();
        for (List<Object[]> members : byStack.values()) {
            @SuppressWarnings("unchecked")
            List<Frame> frames = (List<Frame>) members.getFirst()[0];
            Map<String, Integer> waits = new HashMap<>();
            int maxMinutes = 0;
            for (Object[] m : members) {
                waits.merge((String) m[2], 1, Integer::sum);
                maxMinutes = Math.max(maxMinutes, (Integer) m[3]);
            }
            groups.add(new StackGroup(members.size(), frames, Map.of(), (Frame) members.getFirst()[1], waits,
                    maxMinutes));
        }
        groups.sort(Comparator.comparingInt(StackGroup::count).reversed());
        return new GoroutineProfile(at, total, groups, true);
    }

    /** {@code net/http.(*conn).serve(0xc000123, {0x1, 0x2})} to {@code net/http.(*conn).serve}. */
    static String stripArgs(String fn) {
        String s = fn.strip();
        if (!s.endsWith(")")) {
            return s;
        }
        int depth = 0;
        for (int j = s.length() - 1; j >= 0; j--) {
            char c = s.charAt(j);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                depth--;
                if (depth == 0) {
                    return s.substring(0, j);
                }
            }
        }
        return s;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
