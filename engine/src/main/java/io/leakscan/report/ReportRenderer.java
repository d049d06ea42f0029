package io.leakscan.report;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one report format. The set is closed: {@link ReportFormat} names every member. */
public sealed interface ReportRenderer
        permits JsonReportRenderer, SarifReportRenderer, JunitReportRenderer, HtmlReportRenderer,
        MarkdownReportRenderer, GithubAnnotationsRenderer, CodeQualityRenderer {

    /** Writes the report as UTF-8; leaves {@code out} open. */
    void render(ScanReport report, OutputStream out) throws IOException;
}
