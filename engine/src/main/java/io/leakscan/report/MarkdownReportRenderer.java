package io.leakscan.report;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.Scope;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.engine.ScanEnd;
import io.leakscan.inventory.InventorySummary;
import io.leakscan.inventory.SkippedOperation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A compact GitHub-flavored summary for a pull-request comment: verdict, counts, the top findings and their fixes. */
public final class MarkdownReportRenderer implements ReportRenderer {

    /** A PR comment is read, not scrolled: the rest is in the HTML and SARIF reports. */
    static final int TOP_FINDINGS = 10;

    private final ReportOptions options;

    MarkdownReportRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public void render(ScanReport report, OutputStream out) throws IOException {
        out.write(markdown(report).getBytes(StandardCharsets.UTF_8));
    }

    String markdown(ScanReport r) {
        GoSourcePaths paths = GoSourcePaths.forReport(r, options);
        StringBuilder m = new StringBuilder();
        String headline = r.scan().status() == ScanEnd.SUCCEEDED ? Text.verdict(r.verdict())
                : "scan " + r.scan().status().name().toLowerCase(Locale.ROOT);
        m.append("## Leakscan: ").append(cell(headline))
                .append(" in ").append(code(r.scan().targetBaseUrl())).append("\n\n");
        m.append("**Verdict: ").append(r.verdict()).append("** · profile ").append(code(r.scan().profile()))
                .append(" · ").append(r.endpoints().size()).append(r.endpoints().size() == 1 ? " endpoint" : " endpoints")
                .append(" · ").append(Text.duration(r.scan().durationMs())).append(" · Leakscan ")
                .append(cell(r.scan().toolVersion())).append("\n\n");
        if (r.scan().failure() != null) {
            m.append("> **Scan ").append(r.scan().status().name().toLowerCase(Locale.ROOT)).append(":** ")
                    .append(code(r.scan().failure().code())).append(' ')
                    .append(cell(r.scan().failure().message())).append("\n\n");
        }
        m.append(rich(r.summary())).append("\n\n");

        m.append("| Severity | Findings |\n|---|---:|\n");
        for (Map.Entry<Severity, Integer> e : r.counts().entrySet()) {
            m.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        m.append('\n');

        if (!r.findings().isEmpty()) {
            m.append("### Top findings\n\n| Severity | Kind | Endpoint | Leak site | Fix |\n|---|---|---|---|---|\n");
            for (Finding f : r.findings().stream().limit(TOP_FINDINGS).toList()) {
                String scope = f.scope().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                String endpoint = f.endpoint() != null ? code(f.endpoint().toString()) + " (" + scope + ")"
                        : f.scope() == Scope.MIDDLEWARE ? "every route (middleware)" : scope;
                if (f.endpoint() == null && !f.evidence().affectedEndpoints().isEmpty()) {
                    endpoint += ": " + f.evidence().affectedEndpoints().stream().map(e -> code(e.toString()))
                            .collect(Collectors.joining(", "));
                }
                StackEvidence top = f.evidence().stacks().isEmpty() ? null : f.evidence().stacks().getFirst();
                String site = top == null || top.leakSite() == null ? "–"
                        : code(paths.display(top.leakSite()));
                m.append("| ").append(f.severity()).append(" | ").append(f.kind()).append(" | ").append(endpoint)
                        .append(" | ").append(site).append(" | ").append(cell(f.title())).append(": ")
                        .append(rich(Text.firstSentence(f.remediation()))).append(" |\n");
            }
            if (r.findings().size() > TOP_FINDINGS) {
                m.append("\n_and ").append(r.findings().size() - TOP_FINDINGS)
                        .append(" more in the full report._\n");
            }
            m.append('\n');
        }
        wrongInputs(m, r);
        if (r.inventory() != null && !r.inventory().skipped().isEmpty()) {
            skipped(m, r.inventory());
        }
        long missing = r.telemetry().stream().filter(t -> !t.available()).count();
        if (missing > 0) {
            m.append("<sub>No claim about ").append(missing).append(missing == 1 ? " signal" : " signals")
                    .append(" the target does not expose: ");
            m.append(String.join(", ", r.telemetry().stream().filter(t -> !t.available())
                    .map(t -> t.signal().name()).toList()));
            m.append(".</sub>\n");
        }
        return m.toString();
    }

    /** Folded, and only when some ran: which wrong inputs each endpoint got, and why the others got none. */
    private static void wrongInputs(StringBuilder m, ScanReport r) {
        List<String> rows = new ArrayList<>();
        boolean ran = false;
        for (EndpointStats e : r.endpoints()) {
            for (CheckRun c : e.checks()) {
                if (c.check() == Check.WRONG_INPUTS) {
                    ran |= c.ran();
                    rows.add("| " + code(e.endpoint().toString()) + " | "
                            + cell(c.ran() ? String.join(", ", c.inputs()) : "none: " + c.reason()) + " |\n");
                }
            }
        }
        if (!ran) {
            return;
        }
        m.append("<details><summary>Wrong inputs sent per endpoint</summary>\n\n| Endpoint | Inputs |\n|---|---|\n");
        rows.forEach(m::append);
        m.append("\n</details>\n\n");
    }

    /** Folded: a description with many unsafe operations would otherwise push the findings off the comment. */
    private static void skipped(StringBuilder m, InventorySummary inv) {
        int n = inv.skipped().size();
        m.append("<details><summary>").append(n).append(n == 1 ? " operation" : " operations")
                .append(" of the description skipped (not scanned)</summary>\n\n")
                .append("| Operation | Reason |\n|---|---|\n");
        for (SkippedOperation op : inv.skipped()) {
            m.append("| ").append(code(op.method() + " " + op.route())).append(" | ").append(cell(op.reason()))
                    .append(" |\n");
        }
        m.append("\nFrom ").append(code(inv.source())).append(", which gave ").append(inv.loaded())
                .append(inv.loaded() == 1 ? " endpoint" : " endpoints").append(".\n\n</details>\n\n");
    }

    /**
     * Text safe inside a GFM table cell: one line, pipes and Markdown punctuation backslash-escaped, angle brackets
     * as entities so no HTML gets through.
     */
    static String cell(String s) {
        return escape(Text.oneLine(s));
    }

    private static String escape(String t) {
        StringBuilder b = new StringBuilder(t.length() + 8);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '|', '\\', '*', '_', '`', '[', ']', '#', '~' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Like {@link #cell} but keeps the author's code spans ({@code `c.Request().Context()`}) as code: remediation text
     * names Go idioms, and escaped backticks would show as noise.
     */
    static String rich(String s) {
        String[] parts = Text.oneLine(s).split("`", -1);
        if (parts.length % 2 == 0) {
            return cell(s);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            b.append(i % 2 == 0 ? escape(parts[i]) : code(parts[i]));
        }
        return b.toString();
    }

    /**
     * A code span, or escaped text when the value holds a backtick, a pipe (it ends a table cell even inside a code
     * span on GitHub) or an angle bracket (raw inside a code span: safe for GitHub, not for every renderer).
     */
    static String code(String s) {
        String t = Text.oneLine(s);
        if (t.isEmpty() || t.contains("`") || t.contains("|") || t.contains("<") || t.contains(">")) {
            return cell(t);
        }
        return "`" + t + "`";
    }
}
