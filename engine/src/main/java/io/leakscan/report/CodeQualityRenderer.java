package io.leakscan.report;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.baseline.FindingFingerprint;
import io.leakscan.telemetry.parse.Frame;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * GitLab's Code Quality report: a JSON array of issues with {@code description}, {@code check_name},
 * {@code fingerprint}, {@code severity} and {@code location.path} / {@code location.lines.begin}, shown in merge
 * requests. Known (baseline) findings are left out, as GitLab shows only what a merge request changes.
 */
public final class CodeQualityRenderer implements ReportRenderer {

    /** GitLab requires a path; a finding with no located source line points at the module's go.mod. */
    static final String NO_SOURCE_PATH = "go.mod";

    private final ReportOptions options;

    CodeQualityRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public void render(ScanReport report, OutputStream out) throws IOException {
        GoSourcePaths paths = GoSourcePaths.forReport(report, options);
        ArrayNode issues = ReportJson.mapper().createArrayNode();
        for (Finding f : report.newFindings()) {
            ObjectNode issue = issues.addObject();
            issue.put("description", f.title().strip() + (f.endpoint() == null ? "" : " (" + f.endpoint() + ")")
                    + ". Fix: " + f.remediation().strip());
            issue.put("check_name", f.kind().name());
            issue.put("fingerprint", FindingFingerprint.of(f));
            issue.put("severity", severity(f));
            StackEvidence top = f.evidence().stacks().isEmpty() ? null : f.evidence().stacks().getFirst();
            Frame site = top == null ? null : top.leakSite();
            Optional<GoSourcePaths.SourceFile> file = paths.locate(site).filter(GoSourcePaths.SourceFile::relative);
            ObjectNode location = issue.putObject("location");
            location.put("path", file.map(GoSourcePaths.SourceFile::uri).orElse(NO_SOURCE_PATH));
            location.putObject("lines").put("begin", file.map(sf -> Math.max(1, sf.line())).orElse(1));
        }
        ReportJson.mapper().writeValue(out, issues);
        out.write('\n');
    }

    /** GitLab's words: info, minor, major, critical, blocker. */
    static String severity(Finding f) {
        return switch (f.severity()) {
            case CRITICAL -> "blocker";
            case HIGH -> "critical";
            case MEDIUM -> "major";
            case LOW -> "minor";
            case INFO -> "info";
        };
    }
}
