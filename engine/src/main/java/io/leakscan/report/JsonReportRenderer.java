package io.leakscan.report;

import java.io.IOException;
import java.io.OutputStream;

/** The report model as JSON, described by {@code docs/report-schema.json}. */
public final class JsonReportRenderer implements ReportRenderer {

    @Override
    public void render(ScanReport report, OutputStream out) throws IOException {
        ReportJson.mapper().writeValue(out, report);
        out.write('\n');
    }
}
