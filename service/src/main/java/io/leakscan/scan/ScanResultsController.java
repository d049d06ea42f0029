package io.leakscan.scan;

import io.leakscan.analysis.Finding;
import io.leakscan.report.ReportFormat;
import io.leakscan.report.ReportOptions;
import io.leakscan.report.ScanReport;
import io.leakscan.system.ApiException;
import io.leakscan.tenant.Tenants;
import io.leakscan.telemetry.Sample;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a scan measured and found: findings, samples and the rendered reports. */
@RestController
@RequestMapping(path = "/api/v1/scans/{id}")
@Tag(name = "results", description = "A scan's findings, telemetry samples and reports")
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "404", description = "No such scan for this tenant", content = @Content(
        mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
class ScanResultsController {

    /** The HTML report is script-free and self-contained: styles and SVG inline, images only as data: URLs. */
    static final String HTML_REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

    private final ScanService scans;
    private final ScanResults results;
    private final ScanComparison comparison;

    ScanResultsController(ScanService scans, ScanResults results, ScanComparison comparison) {
        this.comparison = comparison;
        this.scans = scans;
        this.results = results;
    }

    @Schema(name = "ScanFindings")
    record FindingsView(UUID scanId, ScanState status,
                        @Schema(allowableValues = {"LEAKS_FOUND", "CLEAN", "INCONCLUSIVE"}, nullable = true)
                        String verdict,
                        @Schema(description = "Most severe first; a running scan lists those measured so far")
                        List<Finding> findings) {
    }

    @Schema(name = "ScanSamples")
    record SamplesView(UUID scanId, ScanState status,
                       @Schema(description = "Samples stored") int total,
                       @Schema(description = "Samples in this response (fewer than total when downsampled)") int returned,
                       @Schema(description = "When retention deleted this finished scan's samples (leakscan.retention"
                               + ".samples); the report keeps the charted series", nullable = true)
                       Instant purgedAt,
                       List<SampleView> samples) {
    }

    @Schema(name = "ScanSample", description = "One telemetry reading; a signal missing from values is a gap")
    record SampleView(Instant at, String phase,
                      @Schema(description = "METHOD /path under test, or null outside per-endpoint phases", nullable = true)
                      String endpoint,
                      Map<String, Double> values) {
        static SampleView of(Sample s) {
            Map<String, Double> values = new LinkedHashMap<>();
            s.values().forEach((signal, v) -> values.put(signal.name(), v));
            return new SampleView(s.at(), s.phase(),
                    s.endpoint() == null ? null : s.endpoint().method() + " " + s.endpoint().path(), values);
        }
    }

    @GetMapping(path = "/findings", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The scan's findings, most severe first")
    FindingsView findings(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                          @PathVariable UUID id) {
        ScanRow row = scans.get(tenantId, id);
        return new FindingsView(row.id(), row.status(), row.verdict(), results.findings(tenantId, id));
    }

    @GetMapping(path = "/comparison", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The scan against the previous successful scan of the same target",
            description = "Findings by their fingerprint (the one SARIF and baselines use): newFindings, stillThere, "
                    + "fixed, and notRetested (a previous finding on an endpoint this scan did not probe). 409 unless "
                    + "the scan succeeded.")
    ScanComparison.Result comparison(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE)
                                     UUID tenantId, @PathVariable UUID id) {
        return comparison.compare(tenantId, id);
    }

    @GetMapping(path = "/samples", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The scan's telemetry samples in time order",
            description = "Works while the scan runs. With maxPoints, longer series are downsampled keeping the first "
                    + "and last sample and, per bucket, each series' minimum and maximum (goroutines, heap, fds).")
    SamplesView samples(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                        @PathVariable UUID id,
                        @Parameter(description = "At most this many samples, 2 to " + ScanResults.MAX_POINTS)
                        @RequestParam(defaultValue = "" + ScanResults.MAX_POINTS) @Min(2) @Max(ScanResults.MAX_POINTS)
                        int maxPoints) {
        ScanRow row = scans.get(tenantId, id);
        ScanResults.SampleSet set = results.samples(tenantId, id, maxPoints).orElseThrow(() -> ScanService.notFound(id));
        return new SamplesView(row.id(), row.status(), set.total(), set.samples().size(), set.purgedAt(),
                set.samples().stream().map(SampleView::of).toList());
    }

    @GetMapping("/report")
    @Operation(summary = "The scan's report in one of five formats",
            description = "json (the report contract, docs/report-schema.json), sarif (SARIF 2.1.0), junit (JUnit XML), "
                    + "html (one self-contained page) or markdown. Available once the scan has ended.")
    @ApiResponse(responseCode = "200", description = "The report", content = {
            @Content(mediaType = "application/json"), @Content(mediaType = "application/sarif+json"),
            @Content(mediaType = "application/xml"), @Content(mediaType = "text/html"),
            @Content(mediaType = "text/markdown")})
    @ApiResponse(responseCode = "400", description = "Unknown format", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The scan has not ended yet", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> report(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                                  @PathVariable UUID id,
                                  @Parameter(description = "json, sarif, junit, html or markdown")
                                  @RequestParam(defaultValue = "json") String format) {
        ReportFormat reportFormat;
        try {
            reportFormat = ReportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("format must be one of json, sarif, junit, html, markdown; got '"
                    + format + "'.");
        }
        ScanRow row = scans.get(tenantId, id);
        if (!row.status().isFinal()) {
            throw ApiException.conflict("Scan " + id + " is " + row.status()
                    + "; its report is ready when the scan ends (follow it at /api/v1/scans/" + id + "/events).");
        }
        ScanReport report = results.report(row);
        byte[] body = reportFormat.renderToString(report, ReportOptions.defaults()).getBytes(StandardCharsets.UTF_8);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(reportFormat.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(reportFormat.fileName(id.toString())).build().toString())
                .header("X-Content-Type-Options", "nosniff");
        if (reportFormat == ReportFormat.HTML) {
            // served inline, it renders on this origin: it needs only its inline CSS and SVG, and runs nothing
            ok.header("Content-Security-Policy", HTML_REPORT_CSP);
        }
        return ok.body(body);
    }
}
