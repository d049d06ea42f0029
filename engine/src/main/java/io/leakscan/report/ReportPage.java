package io.leakscan.report;

import io.leakscan.analysis.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTML report template ({@code templates/report/report.html}) shows, every value already worded and
 * formatted, so the template only lays it out and escapes it.
 *
 * @param failure null when the scan ran to its end
 * @param charts  one per signal that has a value; empty when the scan took no sample
 */
record ReportPage(String target, List<Fact> meta, String verdictClass, String verdictWords, String summary,
                  Failure failure, List<Count> counts, boolean hasSamples, String samplesNote, List<Legend> legend,
                  List<CaptionedChart> charts, List<FindingView> findings, List<EndpointRow> endpoints,
                  List<TelemetryRow> telemetry, String toolVersion, int schemaVersion, Inventory inventory) {

    /** The description's part, or null when none supplied endpoints; {@code skipped} in its order. */
    record Inventory(String source, int loaded, List<SkippedRow> skipped) {
    }

    record SkippedRow(String operation, String reason) {
    }

    record Fact(String name, String value) {
    }

    record Failure(String status, String code, String message) {
    }

    record Count(String severity, String slug, int count) {
    }

    record Legend(String token, String name) {
    }

    /** A chart with its caption (not an analysis {@code Figure}, which is one named number of a finding). */
    record CaptionedChart(SvgChart.Chart chart, String caption) {
    }

    /** {@code latency} is null when no request completed. */
    record EndpointRow(String endpoint, int rounds, long requests, String statuses, String errors, List<String> latency,
                       List<CheckRow> checks) {
    }

    /** {@code state} is {@code failed}, {@code passed} or {@code skipped}; {@code text} says which check and why. */
    record CheckRow(String state, String text) {
    }

    /** {@code source} and {@code format} when available, else the {@code reason} it is missing. */
    record TelemetryRow(String signal, boolean available, String source, String format, String reason) {
    }

    static ReportPage of(ScanReport r, ReportOptions options) {
        ScanMetadata scan = r.scan();
        Failure failure = scan.failure() == null ? null : new Failure(scan.status().name().toLowerCase(Locale.ROOT),
                scan.failure().code(), scan.failure().message());
        List<Count> counts = new ArrayList<>();
        for (Map.Entry<Severity, Integer> e : r.counts().entrySet()) {
            counts.add(new Count(e.getKey().name(), e.getKey().name().toLowerCase(Locale.ROOT), e.getValue()));
        }
        TimeSeries s = r.series();
        return new ReportPage(scan.targetBaseUrl(), meta(scan), verdictClass(r), Text.verdict(r.verdict()),
                r.summary(), failure, List.copyOf(counts), s.hasPoints(),
                s.offsetsMs().size() + " points shown of " + s.sourceSamples()
                        + " samples taken. Shaded bands are scan phases; hover for details.",
                SvgChart.phaseNames(s.phases()).stream().map(n -> new Legend(SvgChart.token(n), n)).toList(),
                charts(s), FindingView.of(r.findings(), options), endpoints(r),
                r.telemetry().stream().map(t -> new TelemetryRow(t.signal().name(), t.available(), t.source(),
                        t.format(), t.reason())).toList(),
                scan.toolVersion(), r.schemaVersion(), r.inventory() == null ? null
                        : new Inventory(r.inventory().source(), r.inventory().loaded(), r.inventory().skipped().stream()
                        .map(o -> new SkippedRow(o.method() + " " + o.route(), o.reason())).toList()));
    }

    private static List<Fact> meta(ScanMetadata scan) {
        List<Fact> meta = new ArrayList<>();
        meta.add(new Fact("Target", scan.targetBaseUrl()));
        meta.add(new Fact("Profile", scan.profile() + (scan.echoSpecific() ? " (Echo-specific probes)" : "")));
        meta.add(new Fact("Scan", scan.id()));
        meta.add(new Fact("Started", scan.startedAt().toString()));
        meta.add(new Fact("Duration", Text.duration(scan.durationMs())));
        meta.add(new Fact("Status", scan.status().name()));
        if (scan.echo() != null) {
            meta.add(new Fact("Framework", scan.echo().echo()
                    ? "Echo" + (scan.echo().majorVersion() == null ? "" : " v" + scan.echo().majorVersion())
                    + " (confidence " + Text.number(scan.echo().confidence()) + ")"
                    : "not recognized as Echo"));
        }
        meta.add(new Fact("Leakscan", scan.toolVersion()));
        return List.copyOf(meta);
    }

    private static String verdictClass(ScanReport r) {
        return switch (r.verdict()) {
            case LEAKS_FOUND -> "leaks";
            case CLEAN -> "clean";
            case INCONCLUSIVE -> "inconclusive";
        };
    }

    private static List<CaptionedChart> charts(TimeSeries s) {
        if (!s.hasPoints()) {
            return List.of();
        }
        List<CaptionedChart> charts = new ArrayList<>();
        chart(charts, "chart-goroutines", "Goroutines", s, s.goroutines(), (v, step) -> Text.number(v));
        chart(charts, "chart-heap", "Heap after GC", s, s.heapAfterGcBytes(), Text::bytesTick);
        chart(charts, "chart-fds", "Open file descriptors", s, s.openFds(), (v, step) -> Text.number(v));
        return List.copyOf(charts);
    }

    private static void chart(List<CaptionedChart> charts, String id, String title, TimeSeries s, List<Double> values,
                              SvgChart.AxisLabel yLabel) {
        if (values.stream().allMatch(Objects::isNull)) {
            return;
        }
        charts.add(new CaptionedChart(SvgChart.chart(id, title + " over the scan", s.offsetsMs(), values, s.phases(), yLabel),
                title));
    }

    private static List<EndpointRow> endpoints(ScanReport r) {
        List<EndpointRow> rows = new ArrayList<>();
        for (EndpointStats e : r.endpoints()) {
            List<String> latency = e.latencyMs() == null ? null : List.of(Text.number(e.latencyMs().p50()),
                    Text.number(e.latencyMs().p95()), Text.number(e.latencyMs().p99()));
            List<CheckRow> checks = new ArrayList<>();
            for (CheckRun c : e.checks()) {
                boolean failed = r.findingsAffecting(e.endpoint()).stream()
                        .anyMatch(f -> Check.of(f.kind()) == c.check());
                String state = failed ? "failed" : c.ran() ? "passed" : "skipped";
                checks.add(new CheckRow(state, c.check().title() + ": " + state
                        + (c.ran() ? c.inputs().isEmpty() ? "" : " (" + String.join(", ", c.inputs()) + ")"
                        : " (" + Objects.toString(c.reason(), "") + ")")));
            }
            rows.add(new EndpointRow(e.endpoint().toString(), e.rounds(), e.requests(),
                    histogram(e.statusHistogram()), histogram(e.errors()), latency, List.copyOf(checks)));
        }
        return List.copyOf(rows);
    }

    private static String histogram(Map<String, Long> m) {
        if (m.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
        return b.toString();
    }
}
