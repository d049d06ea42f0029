package io.leakscan.report;

import io.leakscan.target.EndpointRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongToDoubleFunction;

/**
 * A line chart as inline SVG, drawn on the server: no script, no library, no network, and it renders the same in any
 * browser, mail client or CI artifact viewer. Phase bands shade the background; the endpoint under test labels the
 * top strip. This class does the geometry; the report template writes the elements (and escapes every text).
 */
public final class SvgChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 280;
    private static final int LEFT = 72;
    private static final int RIGHT = 16;
    private static final int TOP = 26;
    private static final int BOTTOM = 34;

    private SvgChart() {
    }

    /** Formats a y tick; the step lets it show just enough decimals to tell ticks apart. */
    @FunctionalInterface
    interface AxisLabel {
        String format(double value, double step);
    }

    /** One chart, every coordinate already formatted: the template only places it. */
    public record Chart(String id, String title, int width, int height, List<Band> bands, List<EndpointMark> endpoints,
                        List<Tick> yTicks, List<Tick> xTicks, List<Line> axes, Tick axisLabel, String path) {
    }

    /** A shaded phase; {@code token} is safe in a class name. */
    public record Band(String token, String x, int y, String width, String height, String title) {
    }

    /** The rule where an endpoint's run of bands starts, and its label when it fits (else null). */
    public record EndpointMark(Line rule, Tick label) {
    }

    public record Line(String x1, String x2, String y1, String y2) {
    }

    /** A text at a point; {@code grid} is the horizontal grid line of a y tick, null for other texts. */
    public record Tick(String x, String y, String text, Line grid) {
    }

    /**
     * @param id        unique element id prefix
     * @param title     accessible title
     * @param offsetsMs x values
     * @param values    y values, null for gaps
     * @param phases    bands to shade
     * @param yLabel    formats a y tick
     */
    static Chart chart(String id, String title, List<Long> offsetsMs, List<Double> values, List<PhaseBand> phases,
                       AxisLabel yLabel) {
        long xMax = Math.max(1, offsetsMs.getLast());
        for (PhaseBand p : phases) {
            xMax = Math.max(xMax, p.toMs());
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Double v : values) {
            if (v != null) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double[] axis = niceAxis(lo, hi);
        double yMin = axis[0];
        double yMax = axis[1];
        double step = axis[2];
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        final long xSpan = xMax;
        LongToDoubleFunction x = ms -> LEFT + plotW * ms / xSpan;
        DoubleUnaryOperator y = v -> TOP + plotH * (1 - (v - yMin) / (yMax - yMin));

        // Phase bands behind everything.
        List<Band> bands = new ArrayList<>();
        for (PhaseBand p : phases) {
            double x0 = x.applyAsDouble(p.fromMs());
            double w = Math.max(0.5, x.applyAsDouble(p.toMs()) - x0);
            bands.add(new Band(token(p.phase()), f(x0), TOP, f(w), f(plotH), bandTitle(p)));
        }

        // Endpoint strip: one label per run of consecutive bands on the same endpoint, when it fits.
        List<EndpointMark> marks = new ArrayList<>();
        int i = 0;
        while (i < phases.size()) {
            EndpointRef ep = phases.get(i).endpoint();
            int j = i;
            while (j + 1 < phases.size() && Objects.equals(phases.get(j + 1).endpoint(), ep)) {
                j++;
            }
            if (ep != null) {
                double x0 = x.applyAsDouble(phases.get(i).fromMs());
                double x1 = x.applyAsDouble(phases.get(j).toMs());
                String label = ep.toString();
                marks.add(new EndpointMark(new Line(f(x0), f(x0), str(TOP - 14), str(HEIGHT - BOTTOM)),
                        label.length() * 6.5 < x1 - x0 - 4 ? new Tick(f(x0 + 3), str(TOP - 6), label, null) : null));
            }
            i = j + 1;
        }

        // Axes and grid.
        List<Tick> yTicks = new ArrayList<>();
        long yTickCount = Math.round((yMax - yMin) / step);
        for (long k = 0; k <= yTickCount; k++) {
            double t = yMin + k * step;
            double yy = y.applyAsDouble(t);
            yTicks.add(new Tick(str(LEFT - 6), f(yy + 4), yLabel.format(t, step),
                    new Line(str(LEFT), str(WIDTH - RIGHT), f(yy), f(yy))));
        }
        List<Tick> xTicks = new ArrayList<>();
        double xStep = niceStep(xMax / 1000.0 / 8);
        long xTickCount = (long) Math.floor(xMax / 1000.0 / xStep + 1e-9);
        for (long k = 0; k <= xTickCount; k++) {
            double t = k * xStep;
            double xx = x.applyAsDouble(Math.round(t * 1000));
            xTicks.add(new Tick(f(xx), str(HEIGHT - BOTTOM + 16), Text.number(t) + "s", null));
        }
        List<Line> axes = List.of(
                new Line(str(LEFT), str(LEFT), str(TOP), str(HEIGHT - BOTTOM)),
                new Line(str(LEFT), str(WIDTH - RIGHT), str(HEIGHT - BOTTOM), str(HEIGHT - BOTTOM)));
        Tick axisLabel = new Tick(str(WIDTH - RIGHT), str(HEIGHT - 4), "seconds since the first sample", null);

        // The series, broken at gaps.
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int k = 0; k < values.size(); k++) {
            Double v = values.get(k);
            if (v == null) {
                pen = false;
                continue;
            }
            d.append(pen ? " L" : (d.isEmpty() ? "M" : " M")).append(f(x.applyAsDouble(offsetsMs.get(k))))
                    .append(' ').append(f(y.applyAsDouble(v)));
            pen = true;
        }
        return new Chart(id, title, WIDTH, HEIGHT, List.copyOf(bands), List.copyOf(marks), List.copyOf(yTicks),
                List.copyOf(xTicks), axes, axisLabel, d.isEmpty() ? null : d.toString());
    }

    /** A class-name-safe token for a phase: {@code settle} stays, anything else becomes {@code other}. */
    static String token(String phase) {
        return phase != null && phase.matches("[a-z][a-z0-9-]{0,30}") ? phase : "other";
    }

    private static String bandTitle(PhaseBand p) {
        return p.phase() + (p.endpoint() == null ? "" : " " + p.endpoint()) + ": "
                + Text.number(p.fromMs() / 1000.0) + "s to " + Text.number(p.toMs() / 1000.0) + "s";
    }

    /** Axis bounds and step covering [lo, hi] with about 5 round ticks. */
    static double[] niceAxis(double lo, double hi) {
        if (Double.isInfinite(lo)) {
            return new double[] {0, 1, 0.25};
        }
        if (hi - lo < 1e-9) {
            double pad = Math.max(1, Math.abs(hi) * 0.1);
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / 5);
        double min = Math.floor(lo / step) * step;
        double max = Math.ceil(hi / step) * step;
        if (lo >= 0 && min < 0) {
            min = 0;
        }
        return new double[] {min, max, step};
    }

    static double niceStep(double raw) {
        if (raw <= 0 || Double.isNaN(raw)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        double nice = n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10;
        return nice * mag;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String str(int v) {
        return Integer.toString(v);
    }

    /** Distinct phase names in order of appearance, for the legend. */
    static List<String> phaseNames(List<PhaseBand> phases) {
        List<String> names = new ArrayList<>();
        for (PhaseBand p : phases) {
            if (!names.contains(p.phase())) {
                names.add(p.phase());
            }
        }
        return names;
    }
}
