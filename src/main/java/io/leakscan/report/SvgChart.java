package io.leakscan.report;

import io.leakscan.target.EndpointRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart as inline SVG, drawn on the server: no script, no library, no network, and it renders the same in any
 * browser, mail client or CI artifact viewer. Phase bands shade the background; the endpoint under test labels the
 * top strip.
 */
final class SvgChart {

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

    /**
     * @param id        unique element id prefix
     * @param title     accessible title
     * @param offsetsMs x values
     * @param values    y values, null for gaps
     * @param phases    bands to shade
     * @param yLabel    formats a y tick
     */
    static String render(String id, String title, List<Long> offsetsMs, List<Double> values, List<PhaseBand> phases,
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
        java.util.function.LongToDoubleFunction x = ms -> LEFT + plotW * ms / xSpan;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotH * (1 - (v - yMin) / (yMax - yMin));

        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" id=\"").append(id).append("\" ")
                .append("viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"")
                .append(id).append("-title\">\n");
        s.append("<title id=\"").append(id).append("-title\">").append(Html.esc(title)).append("</title>\n");

        // Phase bands behind everything.
        s.append("<g class=\"phases\">\n");
        for (PhaseBand p : phases) {
            double x0 = x.applyAsDouble(p.fromMs());
            double w = Math.max(0.5, x.applyAsDouble(p.toMs()) - x0);
            s.append("<rect class=\"band band-").append(Html.token(p.phase())).append("\" x=\"").append(f(x0))
                    .append("\" y=\"").append(TOP).append("\" width=\"").append(f(w)).append("\" height=\"")
                    .append(f(plotH)).append("\"><title>").append(Html.esc(bandTitle(p))).append("</title></rect>\n");
        }
        s.append("</g>\n");

        // Endpoint strip: one label per run of consecutive bands on the same endpoint, when it fits.
        s.append("<g class=\"endpoints\">\n");
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
                s.append("<line class=\"ep-rule\" x1=\"").append(f(x0)).append("\" x2=\"").append(f(x0))
                        .append("\" y1=\"").append(TOP - 14).append("\" y2=\"").append(HEIGHT - BOTTOM)
                        .append("\"/>\n");
                String label = ep.toString();
                if (label.length() * 6.5 < x1 - x0 - 4) {
                    s.append("<text class=\"ep-label\" x=\"").append(f(x0 + 3)).append("\" y=\"").append(TOP - 6)
                            .append("\">").append(Html.esc(label)).append("</text>\n");
                }
            }
            i = j + 1;
        }
        s.append("</g>\n");

        // Axes and grid.
        s.append("<g class=\"axes\">\n");
        long yTicks = Math.round((yMax - yMin) / step);
        for (long k = 0; k <= yTicks; k++) {
            double t = yMin + k * step;
            double yy = y.applyAsDouble(t);
            s.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(f(yy)).append("\" y2=\"").append(f(yy)).append("\"/>\n");
            s.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(f(yy + 4))
                    .append("\" text-anchor=\"end\">").append(Html.esc(yLabel.format(t, step))).append("</text>\n");
        }
        double xStep = niceStep(xMax / 1000.0 / 8);
        long xTicks = (long) Math.floor(xMax / 1000.0 / xStep + 1e-9);
        for (long k = 0; k <= xTicks; k++) {
            double t = k * xStep;
            double xx = x.applyAsDouble(Math.round(t * 1000));
            s.append("<text class=\"tick\" x=\"").append(f(xx)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                    .append("\" text-anchor=\"middle\">").append(Text.number(t)).append("s</text>\n");
        }
        s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"")
                .append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>\n");
        s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y1=\"").append(HEIGHT - BOTTOM).append("\" y2=\"").append(HEIGHT - BOTTOM)
                .append("\"/>\n");
        s.append("<text class=\"axis-label\" x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 4)
                .append("\" text-anchor=\"end\">seconds since the first sample</text>\n");
        s.append("</g>\n");

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
        if (!d.isEmpty()) {
            s.append("<path class=\"series\" d=\"").append(d).append("\"/>\n");
        }
        s.append("</svg>");
        return s.toString();
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
