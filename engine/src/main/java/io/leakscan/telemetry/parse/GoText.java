package io.leakscan.telemetry.parse;


import java.util.LinkedHashMap;
import java.util.Map;

/** Small pieces of Go's text output shared by the goroutine and heap parsers. */
final class GoText {

    private GoText() {
    }

    /** A non-negative decimal that must fit in a long; overflow is WRONG_TYPE, anything else MALFORMED. */
    static long parseLong(TextInput in, String s, int from, int to, String what) {
        if (from >= to) {
            throw in.error(ParseFailure.Kind.MALFORMED, "missing " + what);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw in.error(ParseFailure.Kind.MALFORMED, "bad " + what);
            }
            int d = c - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw in.error(ParseFailure.Kind.WRONG_TYPE, what + " out of range");
            }
            v = v * 10 + d;
        }
        return v;
    }

    static int toInt(TextInput in, long v, String what) {
        if (v > Integer.MAX_VALUE) {
            throw in.error(ParseFailure.Kind.WRONG_TYPE, what + " above " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /**
     * A debug=1 frame line {@code #\t0xADDR\tfunc+0xOFF\t\tfile:line}: the tabwriter pads with any number of tabs,
     * so split on runs of tabs. Symbolization can fail, leaving fewer fields.
     */
    static Frame hashFrame(TextInput in, String line) {
        String[] f = new String[4];
        int n = 0;
        int i = 1; // after '#'
        int len = line.length();
        while (i < len && n < 4) {
            while (i < len && (line.charAt(i) == '\t' || line.charAt(i) == ' ')) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int start = i;
            // the function and address never contain tabs; the file (last field) may contain spaces
            while (i < len && line.charAt(i) != '\t') {
                i++;
            }
            f[n++] = line.substring(start, i).strip();
        }
        if (n < 1 || !f[0].startsWith("0x")) {
            throw in.error(ParseFailure.Kind.MALFORMED, "bad frame line");
        }
        if (n == 1) {
            return new Frame(f[0], null, 0);
        }
        String fn = f[1];
        int plus = fn.lastIndexOf("+0x");
        if (plus > 0) {
            fn = fn.substring(0, plus);
        }
        if (n < 3) {
            return new Frame(fn, null, 0);
        }
        return fileLine(in, fn, f[2]);
    }

    /** {@code /path/file.go:123}, possibly followed by {@code  +0x1f} (debug=2). */
    static Frame fileLine(TextInput in, String function, String loc) {
        String s = loc.strip();
        int sp = s.lastIndexOf(" +0x");
        if (sp > 0) {
            s = s.substring(0, sp);
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw in.error(ParseFailure.Kind.MALFORMED, "bad file:line");
        }
        long line = parseLong(in, s, colon + 1, s.length(), "line number");
        return new Frame(function, s.substring(0, colon), toInt(in, line, "line number"));
    }

    /** Go's label map as pprof prints it: {@code {"k":"v", "k2":"v2"}} with Go-quoted strings. */
    static Map<String, String> labels(TextInput in, String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] pos = {0};
        skipSpaces(s, pos);
        expect(in, s, pos, '{');
        skipSpaces(s, pos);
        if (pos[0] < s.length() && s.charAt(pos[0]) == '}') {
            return out;
        }
        while (true) {
            skipSpaces(s, pos);
            String k = quoted(in, s, pos);
            skipSpaces(s, pos);
            expect(in, s, pos, ':');
            skipSpaces(s, pos);
            String v = quoted(in, s, pos);
            out.put(k, v);
            skipSpaces(s, pos);
            if (pos[0] >= s.length()) {
                throw in.error(ParseFailure.Kind.MALFORMED, "unterminated labels");
            }
            char c = s.charAt(pos[0]++);
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw in.error(ParseFailure.Kind.MALFORMED, "bad labels");
            }
        }
    }

    private static void skipSpaces(String s, int[] pos) {
        while (pos[0] < s.length() && s.charAt(pos[0]) == ' ') {
            pos[0]++;
        }
    }

    private static void expect(TextInput in, String s, int[] pos, char c) {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
            throw in.error(ParseFailure.Kind.MALFORMED, "expected '" + c + "' in labels");
        }
        pos[0]++;
    }

    /** A Go double-quoted string (strconv.Quote escapes). */
    static String quoted(TextInput in, String s, int[] pos) {
        expect(in, s, pos, '"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos[0] >= s.length()) {
                throw in.error(ParseFailure.Kind.MALFORMED, "unterminated string");
            }
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos[0] >= s.length()) {
                throw in.error(ParseFailure.Kind.MALFORMED, "unterminated escape");
            }
            char e = s.charAt(pos[0]++);
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\', '"', '\'' -> sb.append(e);
                case 'x' -> sb.append((char) hex(in, s, pos, 2));
                case 'u' -> sb.appendCodePoint(codePoint(in, hex(in, s, pos, 4)));
                case 'U' -> sb.appendCodePoint(codePoint(in, hex(in, s, pos, 8)));
                default -> throw in.error(ParseFailure.Kind.MALFORMED, "bad escape");
            }
        }
    }

    private static int codePoint(TextInput in, long cp) {
        if (cp > Character.MAX_CODE_POINT) {
            throw in.error(ParseFailure.Kind.MALFORMED, "bad code point");
        }
        return (int) cp;
    }

    private static long hex(TextInput in, String s, int[] pos, int digits) {
        if (pos[0] + digits > s.length()) {
            throw in.error(ParseFailure.Kind.MALFORMED, "short escape");
        }
        long v = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(s.charAt(pos[0]++), 16);
            if (d < 0) {
                throw in.error(ParseFailure.Kind.MALFORMED, "bad hex escape");
            }
            v = v * 16 + d;
        }
        return v;
    }
}
