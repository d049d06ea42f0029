package io.leakscan.cli;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.baseline.BaselineComparison;
import io.leakscan.baseline.BaselineEntry;
import io.leakscan.baseline.FindingFingerprint;
import io.leakscan.baseline.FindingState;
import io.leakscan.engine.ScanEnd;
import io.leakscan.inventory.InventorySummary;
import io.leakscan.inventory.SkippedOperation;
import io.leakscan.report.DiscoveredTelemetry;
import io.leakscan.report.GoSourcePaths;
import io.leakscan.report.ReportOptions;
import io.leakscan.report.ScanReport;
import io.leakscan.telemetry.parse.Frame;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The human summary for a terminal or a CI log: verdict, then each finding with where it is and how to fix it. */
final class Summary {

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String GREEN = "\u001b[32m";
    private static final String CYAN = "\u001b[36m";
    private static final String DIM = "\u001b[2m";

    private final boolean color;
    private final ReportOptions options;

    Summary(boolean color) {
        this(color, ReportOptions.defaults());
    }

    Summary(boolean color, ReportOptions options) {
        this.color = color;
        this.options = options;
    }

    String render(ScanReport r) {
        StringBuilder s = new StringBuilder();
        s.append(paint(BOLD, "Leakscan " + r.scan().toolVersion())).append(" · ").append(r.scan().targetBaseUrl())
                .append(" · ").append(r.scan().profile()).append(" profile · ")
                .append(seconds(r.scan().durationMs())).append('\n');
        if (r.scan().status() != ScanEnd.SUCCEEDED) {
            s.append(paint(RED, "Scan " + r.scan().status())).append(" (").append(r.scan().failure().code())
                    .append("): ").append(r.scan().failure().message()).append('\n');
        }
        s.append("Verdict: ").append(verdict(r)).append('\n');
        if (!r.findings().isEmpty()) {
            s.append('\n');
            GoSourcePaths paths = GoSourcePaths.forReport(r, options);
            int n = 1;
            for (Finding f : r.findings()) {
                appendFinding(s, n++, f, paths, r.baseline());
            }
        }
        s.append('\n').append(r.summary()).append('\n');
        if (r.baseline() != null) {
            appendBaseline(s, r.baseline());
        }
        if (r.inventory() != null) {
            appendInventory(s, r.inventory());
        }
        List<DiscoveredTelemetry> found = r.telemetry().stream().filter(DiscoveredTelemetry::available).toList();
        if (!r.telemetry().isEmpty()) {
            s.append(paint(DIM, "Telemetry: " + (found.isEmpty() ? "none found"
                    : found.stream().map(t -> signal(t) + " (" + t.source() + ")").collect(Collectors.joining(", ")))))
                    .append('\n');
        }
        return s.toString();
    }

    private void appendBaseline(StringBuilder s, BaselineComparison b) {
        s.append("Baseline ").append(b.source()).append(": ").append(b.newCount()).append(" new, ")
                .append(b.knownCount()).append(" known (known findings do not fail the build)\n");
        for (BaselineEntry e : b.expired()) {
            s.append(paint(YELLOW, "Expired baseline entry " + e.fingerprint() + " (" + e.origin() + ", expired "
                    + e.expires() + "): no longer suppresses its finding")).append(" · ").append(e.reason())
                    .append('\n');
        }
    }

    /** Every skipped operation: a route the scan did not load must not pass for a route it found clean. */
    private void appendInventory(StringBuilder s, InventorySummary inv) {
        s.append("Description ").append(inv.source()).append(": ").append(inv.loaded()).append(" endpoint")
                .append(inv.loaded() == 1 ? "" : "s").append(" loaded, ").append(inv.skipped().size())
                .append(" operation").append(inv.skipped().size() == 1 ? "" : "s").append(" skipped (not scanned)")
                .append(inv.skipped().isEmpty() ? "" : ":").append('\n');
        for (SkippedOperation op : inv.skipped()) {
            s.append(paint(DIM, "  skipped " + op)).append('\n');
        }
    }

    private void appendFinding(StringBuilder s, int n, Finding f, GoSourcePaths paths, BaselineComparison b) {
        String where = f.endpoint() != null ? f.endpoint().toString()
                : !f.evidence().affectedEndpoints().isEmpty() ? f.evidence().affectedEndpoints().stream()
                .map(Object::toString).collect(Collectors.joining(", "))
                : "whole application";
        s.append(n).append(". ").append(paint(severityColor(f.severity()), f.severity().name())).append("  ")
                .append(paint(BOLD, f.title())).append(b == null ? "" : b.isKnown(f) ? paint(DIM, "  [known]")
                        : paint(BOLD, "  [new]")).append('\n');
        if (b != null && b.isKnown(f)) {
            FindingState known = b.findings().stream().filter(st -> st.fingerprint().equals(
                    FindingFingerprint.of(f))).findFirst().orElseThrow();
            s.append("   known: ").append(known.reason()).append(known.expires() == null ? ""
                    : " (until " + known.expires() + ")").append('\n');
        }
        s.append("   ").append(f.kind()).append(" · ").append(f.scope().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .append(" · ").append(where).append(" · confidence ")
                .append(Math.round(f.confidence().value() * 100)).append("%\n");
        for (StackEvidence st : f.evidence().stacks().stream().limit(2).toList()) {
            Frame site = st.leakSite();
            if (site != null) {
                String loc = paths.locate(site).map(GoSourcePaths.SourceFile::display).orElse(site.location());
                s.append("   at ").append(paint(CYAN, loc)).append(" in ").append(site.function())
                        .append(st.waitState() == null ? "" : " (" + st.waitState() + ")")
                        .append(", ").append(st.before()).append(" -> ").append(st.after()).append(" goroutines\n");
            }
        }
        s.append("   fix: ").append(f.remediation()).append('\n');
        s.append(paint(DIM, "   fingerprint " + FindingFingerprint.of(f) + " (for .leakscanignore)")).append('\n');
    }

    private String verdict(ScanReport r) {
        String counts = r.counts().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return switch (r.verdict()) {
            case LEAKS_FOUND -> paint(RED + BOLD, "LEAKS FOUND") + " (" + counts + ")";
            case CLEAN -> paint(GREEN + BOLD, "CLEAN") + (counts.isEmpty() ? "" : " (" + counts + ")");
            case INCONCLUSIVE -> paint(YELLOW + BOLD, "INCONCLUSIVE") + (counts.isEmpty() ? "" : " (" + counts + ")");
        };
    }

    private static String severityColor(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> RED + BOLD;
            case MEDIUM -> YELLOW;
            case LOW, INFO -> CYAN;
        };
    }

    private static String signal(DiscoveredTelemetry t) {
        return t.signal().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
