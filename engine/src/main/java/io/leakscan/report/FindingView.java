package io.leakscan.report;

import io.leakscan.analysis.Figure;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.StackEvidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One finding as the shared finding fragment ({@code templates/shared/finding.html}) shows it, in the HTML report and
 * on the dashboard alike: every value already worded, every source location already resolved to {@code file:line}.
 * Nothing here is escaped; the template does that.
 *
 * @param number     1-based position in the report, for stable anchors ({@code finding-3})
 * @param seenUnder  the endpoints the finding was seen under, comma-separated; null when it names none
 * @param cwe        {@code CWE-400}, or null
 * @param series     the telemetry series the evidence comes from, or null
 * @param fix        the remediation, split at the author's {@code `code spans`}
 */
public record FindingView(int number, Severity severity, String title, String kind, String endpoint, String scope,
                          String seenUnder, String confidence, String cwe, String series, List<FigureRow> figures,
                          List<StackRow> stacks, List<Span> fix) {

    /** A row of the evidence table. */
    public record FigureRow(String name, String value, String unit) {
    }

    /**
     * A stack that grew. {@code frames} lists the application frames (the template shows them when there is more than
     * one); {@code createdBy} is null when the runtime named no creator.
     */
    public record StackRow(String site, String location, List<FrameRow> frames, int before, int after, int growth,
                           FrameRow createdBy, String waiting) {
    }

    /** A function and where it is: {@code cmd/app/server.go:33} for the application's code, else as the runtime printed it. */
    public record FrameRow(String function, String location) {
    }

    /** A piece of text; {@code code} when the author marked it as code. */
    public record Span(String text, boolean code) {
    }

    /** {@code high}: for anchors and CSS classes. */
    public String slug() {
        return severity.name().toLowerCase(Locale.ROOT);
    }

    /** Every finding, numbered in report order, with source paths resolved as the report's other formats do. */
    public static List<FindingView> of(List<Finding> findings, ReportOptions options) {
        GoSourcePaths paths = GoSourcePaths.forFindings(findings, options);
        List<FindingView> views = new ArrayList<>(findings.size());
        for (int i = 0; i < findings.size(); i++) {
            views.add(of(i + 1, findings.get(i), paths));
        }
        return List.copyOf(views);
    }

    static FindingView of(int number, Finding f, GoSourcePaths paths) {
        String seenUnder = f.evidence().affectedEndpoints().isEmpty() ? null
                : f.evidence().affectedEndpoints().stream().map(Object::toString).collect(Collectors.joining(", "));
        String confidence = Text.number(f.confidence().value())
                + (f.confidence().reasons().isEmpty() ? "" : ": " + String.join("; ", f.confidence().reasons()));
        return new FindingView(number, f.severity(), f.title(),
                f.kind().name() + ": " + Rules.of(f.kind()).shortDescription(),
                f.endpoint() == null ? "(application-wide)" : f.endpoint().toString(), f.scope().name(), seenUnder,
                confidence, f.cwe() == null ? null : "CWE-" + f.cwe(), f.evidence().series(),
                f.evidence().figures().stream().map(FindingView::figure).toList(),
                f.evidence().stacks().stream().map(s -> stack(s, paths)).toList(), spans(f.remediation()));
    }

    private static FigureRow figure(Figure fig) {
        return new FigureRow(fig.name(), Text.number(fig.value()), fig.unit());
    }

    private static StackRow stack(StackEvidence s, GoSourcePaths paths) {
        String waiting = s.waitState() == null ? ""
                : s.waitState() + (s.waitMinutes() > 0 ? ", " + s.waitMinutes() + " min" : "");
        return new StackRow(s.leakSite() == null ? "(unknown)" : s.leakSite().function(),
                s.leakSite() == null ? "" : paths.display(s.leakSite()),
                s.appFrames().stream().map(fr -> new FrameRow(fr.function(), paths.display(fr))).toList(),
                s.before(), s.after(), s.growth(),
                s.createdBy() == null ? null : new FrameRow(s.createdBy().function(), paths.display(s.createdBy())),
                waiting);
    }

    /** Text split at backticks into plain and code pieces; an unpaired backtick leaves the text plain. */
    static List<Span> spans(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String[] parts = text.split("`", -1);
        if (parts.length % 2 == 0) {
            return List.of(new Span(text, false));
        }
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isEmpty() || i % 2 == 1) {
                spans.add(new Span(parts[i], i % 2 == 1));
            }
        }
        return List.copyOf(spans);
    }
}
