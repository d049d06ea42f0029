package io.leakscan.report;

import io.leakscan.analysis.Verdict;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** Locale-independent formatting shared by the human-readable renderers. */
final class Text {

    private Text() {
    }

    /** {@code 1}, {@code 0.98}, {@code 1523.5}: at most 3 decimals, no trailing zeros, no exponent. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** Bytes as {@code 12.3 MiB}. */
    static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        double v = b;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (u == 0 ? number(v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    /** A byte-axis tick: the unit of the larger of value and step, with enough decimals to resolve the step. */
    static String bytesTick(double v, double step) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        double scale = 1;
        while (Math.max(Math.abs(v), step) / scale >= 1024 && u < units.length - 1) {
            scale *= 1024;
            u++;
        }
        int decimals = (int) Math.max(0, Math.min(3, Math.ceil(-Math.log10(step / scale) - 1e-9)));
        return String.format(Locale.ROOT, "%." + decimals + "f", v / scale) + " " + units[u];
    }

    /** {@code leaks found}, {@code clean}, {@code inconclusive}: the verdict in a sentence. */
    static String verdict(Verdict v) {
        return switch (v) {
            case LEAKS_FOUND -> "leaks found";
            case CLEAN -> "clean";
            case INCONCLUSIVE -> "inconclusive";
        };
    }

    /** {@code 4m 12s}, {@code 850 ms}. */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        Duration d = Duration.ofMillis(ms);
        long h = d.toHours();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        if (h > 0) {
            return h + "h " + m + "m " + s + "s";
        }
        return m > 0 ? m + "m " + s + "s" : s + "s";
    }

    /** The first sentence of a remediation, for one-line summaries. */
    static String firstSentence(String text) {
        String t = oneLine(text);
        int end = -1;
        for (int i = 0; i < t.length() - 1; i++) {
            // A period followed by a space ends a sentence, unless it is inside a code span.
            if (t.charAt(i) == '.' && t.charAt(i + 1) == ' ' && count(t, '`', i) % 2 == 0) {
                end = i + 1;
                break;
            }
        }
        return end < 0 ? t : t.substring(0, end);
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private static int count(String s, char c, int upTo) {
        int n = 0;
        for (int i = 0; i < upTo; i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
