package io.leakscan.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import io.leakscan.report.ReportFormat;
import io.leakscan.report.ReportOptions;
import io.leakscan.report.ScanReport;
import io.leakscan.report.TimeSeries;
import io.leakscan.scan.ScanResults;
import io.leakscan.scan.ScanService;
import io.leakscan.scan.ScanState;
import io.leakscan.system.ApiException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.SessionAttribute;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A scan's results for the signed-in tenant: the chart data (while the scan runs too) and each report format as a
 * download. The same data as the API's {@code /report} and {@code /samples}, behind the session instead of a key.
 */
@Controller
@Hidden // pages, not API: kept out of the OpenAPI description
class ScanResultsPages {

    /** Points per chart: enough for a wide screen, small enough to fetch every few seconds. */
    static final int CHART_POINTS = 800;

    private final ScanService scans;
    private final ScanResults results;

    ScanResultsPages(ScanService scans, ScanResults results) {
        this.scans = scans;
        this.results = results;
    }

    /** What the charts draw, and whether to fetch again (the scan is still queued or running). */
    public record ChartData(ScanState status, boolean live, TimeSeries series) {
    }

    @GetMapping(path = "/scans/{id}/series.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ChartData series(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id) {
        ScanState status = scans.get(tenantId, id).status(); // 404 for another tenant's scan
        return new ChartData(status, !status.isFinal(), results.series(tenantId, id, CHART_POINTS));
    }

    @GetMapping("/scans/{id}/report/{format}")
    ResponseEntity<byte[]> report(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                                  @PathVariable String format) {
        ReportFormat reportFormat;
        try {
            reportFormat = ReportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("No report format '" + format + "'.");
        }
        ScanState status = scans.get(tenantId, id).status();
        ScanReport report = results.report(tenantId, id).orElseThrow(() -> ApiException.conflict(
                "This scan is " + status.name().toLowerCase() + "; its reports are ready when it ends."));
        byte[] body = reportFormat.renderToString(report, ReportOptions.defaults()).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(reportFormat.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(reportFormat.fileName(id.toString())).build().toString())
                .body(body);
    }
}
