package io.leakscan.report;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.telemetry.parse.Frame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * GitHub Actions workflow commands, one per finding: {@code ::error file=...,line=...,title=...::message} at the leak
 * site (the top stack's innermost application frame), {@code ::warning} below high severity. Printed to a job's log,
 * GitHub turns them into annotations on the pull request's lines. Known (baseline) findings are left out: they are
 * accepted, and an annotation would ask for a fix.
 */
public final class GithubAnnotationsRenderer implements ReportRenderer {

    private final ReportOptions options;

    GithubAnnotationsRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public void render(ScanReport report, OutputStream out) throws IOException {
        GoSourcePaths paths = GoSourcePaths.forReport(report, options);
        StringBuilder s = new StringBuilder();
        if (report.scan().failure() != null) {
            s.append("::error title=").append(property("Leakscan: the scan did not complete")).append("::")
                    .append(data(report.scan().failure().code() + ": " + report.scan().failure().message()))
                    .append('\n');
        }
        for (Finding f : report.newFindings()) {
            s.append(f.severity().atLeast(Severity.HIGH) ? "::error " : "::warning ");
            StackEvidence top = f.evidence().stacks().isEmpty() ? null : f.evidence().stacks().getFirst();
            Frame site = top == null ? null : top.leakSite();
            Optional<GoSourcePaths.SourceFile> file = paths.locate(site);
            file.ifPresent(sf -> {
                s.append("file=").append(property(sf.uri()));
                if (sf.line() > 0) {
                    s.append(",line=").append(sf.line());
                }
                s.append(',');
            });
            s.append("title=").append(property(f.severity() + " " + f.kind()
                    + (f.endpoint() == null ? "" : " " + f.endpoint()))).append("::")
                    .append(data(f.title().strip() + "\nFix: " + f.remediation().strip())).append('\n');
        }
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Escapes a message as the runner expects: %, CR and LF. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a property value: as data, plus the ':' and ',' that delimit properties. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
