package io.leakscan.telemetry.parse;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 (HELP/TYPE/UNIT comments, escaped label
 * values, NaN and infinities, timestamps, exemplars, the {@code # EOF} terminator, quoted UTF-8 metric names).
 * Like Prometheus itself, one malformed line fails the whole scrape.
 */
public final class MetricsParser {

    public static final MetricsParser DEFAULT = new MetricsParser(ParseLimits.DEFAULT);

    private final ParseLimits limits;

    public MetricsParser(ParseLimits limits) {
        this.limits = limits;
    }

    public ParseResult<MetricsScrape> parse(InputStream in) {
        return Bodies.guard(in, limits.maxMetricsBytes(), this::parse);
    }

    MetricsScrape parse(byte[] data) {
        TextInput in = new TextInput(data, limits.maxLineBytes());
        if (in.isEmpty()) {
            throw in.error(ParseFailure.Kind.EMPTY, "empty body");
        }
        List<MetricsScrape.MetricSample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        boolean eof = false;
        boolean openMetricsOnly = false;
        String line;
        while ((line = in.next()) != null) {
            if (eof) {
                throw in.error(ParseFailure.Kind.MALFORMED, "content after # EOF");
            }
            if (line.isBlank()) {
                continue;
            }
            if (line.charAt(0) == '#') {
                if (line.equals("# EOF")) {
                    eof = true;
                } else if (line.startsWith("# TYPE ")) {
                    String[] p = line.substring(7).strip().split(" +");
                    if (p.length != 2) {
                        throw in.error(ParseFailure.Kind.MALFORMED, "bad # TYPE line");
                    }
                    types.put(p[0], p[1]);
                } else if (line.startsWith("# UNIT ")) {
                    openMetricsOnly = true;
                }
                // HELP and free comments carry nothing we need
                continue;
            }
            Cursor c = new Cursor(in, line);
            samples.add(c.sample());
            openMetricsOnly |= c.sawExemplar;
        }
        if (in.endsWithoutNewline()) {
            throw in.error(ParseFailure.Kind.TRUNCATED, "body ends inside a line");
        }
        if (!eof && openMetricsOnly) {
            throw in.error(ParseFailure.Kind.TRUNCATED, "OpenMetrics body without # EOF");
        }
        return new MetricsScrape(eof ? MetricsScrape.Format.OPENMETRICS : MetricsScrape.Format.PROMETHEUS_TEXT,
                samples, types);
    }

    private static final class Cursor {
        final TextInput in;
        final String s;
        int i;
        boolean sawExemplar;

        Cursor(TextInput in, String s) {
            this.in = in;
            this.s = s;
        }

        MetricsScrape.MetricSample sample() {
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (peek() == '{') {
                // UTF-8 form: {"my.metric", label="v"}
                i++;
                skipSpaces();
                name = quoted();
                skipSpaces();
                if (peek() == ',') {
                    i++;
                    labelsUntilClose(labels);
                } else {
                    expect('}');
                }
            } else {
                name = identifier(true);
                if (peek() == '{') {
                    i++;
                    labelsUntilClose(labels);
                }
            }
            requireSpace();
            double value = number(token());
            Long ts = null;
            skipSpaces();
            if (i < s.length() && peek() != '#') {
                ts = timestamp(token());
                skipSpaces();
            }
            if (i < s.length()) {
                if (peek() != '#') {
                    throw error("unexpected text after the value");
                }
                exemplar();
            }
            return new MetricsScrape.MetricSample(name, labels, value, ts);
        }

        private void exemplar() {
            i++; // '#'
            requireSpace();
            expect('{');
            labelsUntilClose(new HashMap<>());
            requireSpace();
            number(token());
            skipSpaces();
            if (i < s.length()) {
                timestamp(token());
                skipSpaces();
            }
            if (i < s.length()) {
                throw error("unexpected text after the exemplar");
            }
            sawExemplar = true;
        }

        private void labelsUntilClose(Map<String, String> labels) {
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    i++;
                    return;
                }
                String k = peek() == '"' ? quoted() : identifier(false);
                skipSpaces();
                expect('=');
                skipSpaces();
                String v = quoted();
                if (labels.put(k, v) != null) {
                    throw error("duplicate label " + k);
                }
                skipSpaces();
                char c = peek();
                if (c == ',') {
                    i++;
                } else if (c != '}') {
                    throw error("expected ',' or '}' in labels");
                }
            }
        }

        private String identifier(boolean metric) {
            int start = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (i > start && c >= '0' && c <= '9') || (metric && c == ':');
                if (!ok) {
                    break;
                }
                i++;
            }
            if (i == start) {
                throw error(metric ? "bad metric name" : "bad label name");
            }
            return s.substring(start, i);
        }

        private String quoted() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        throw error("unterminated escape");
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case '\\' -> sb.append('\\');
                        case '"' -> sb.append('"');
                        default -> throw error("bad escape \\" + e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private String token() {
            int start = i;
            while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                i++;
            }
            if (i == start) {
                throw error("missing value");
            }
            return s.substring(start, i);
        }

        private double number(String t) {
            switch (t) {
                case "NaN":
                    return Double.NaN;
                case "+Inf", "Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                    throw error("bad number");
                }
            }
            try {
                return Double.parseDouble(t); // 1e400 becomes +Inf, as in Go's strconv.ParseFloat with ErrRange
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }

        private Long timestamp(String t) {
            double d = number(t);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw error("bad timestamp");
            }
            // Prometheus text: integer milliseconds; OpenMetrics: float seconds
            boolean seconds = t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0;
            double ms = seconds ? d * 1000.0 : d;
            if (Math.abs(ms) > 9.0e15) {
                throw new ParseError(ParseFailure.Kind.WRONG_TYPE, "timestamp out of range", -1, in.line());
            }
            return Math.round(ms);
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private void requireSpace() {
            if (peek() != ' ' && peek() != '\t') {
                throw error("expected a space");
            }
            skipSpaces();
        }

        private void skipSpaces() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private ParseError error(String m) {
            return in.error(ParseFailure.Kind.MALFORMED, m);
        }
    }
}
