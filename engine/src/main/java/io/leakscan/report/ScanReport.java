package io.leakscan.report;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.Scope;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.Verdict;
import io.leakscan.baseline.Baseline;
import io.leakscan.baseline.BaselineComparison;
import io.leakscan.engine.ScanEnd;
import io.leakscan.inventory.InventorySummary;
import io.leakscan.target.EndpointRef;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one scan produced, in the one shape that every report format is rendered from. The JSON report is this
 * record as is (see {@code docs/report-schema.json}); field names are a contract: add, never rename.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION}; bumped only on an incompatible change
 * @param scan          what was scanned, how, when, and whether the scan completed
 * @param telemetry     each signal's source on the target, or why it was missing
 * @param endpoints     load statistics and the checks run, per endpoint, in scan order
 * @param series        downsampled telemetry over time for charts
 * @param verdict       the scan verdict; a failed scan is {@link Verdict#INCONCLUSIVE}
 * @param summary       one plain-language paragraph
 * @param counts        findings per severity, every severity present, most severe first
 * @param findings      most severe first
 * @param baseline      the findings against a baseline (new or known), or null when the scan had none
 * @param inventory     when an OpenAPI/Swagger description supplied endpoints: its source, how many it gave, and each
 *                      operation skipped with the reason; null otherwise
 */
public record ScanReport(int schemaVersion, ScanMetadata scan, List<DiscoveredTelemetry> telemetry,
                         List<EndpointStats> endpoints, TimeSeries series, Verdict verdict, String summary,
                         Map<Severity, Integer> counts, List<Finding> findings, BaselineComparison baseline,
                         InventorySummary inventory) {

    /** 2: the scan's status uses the API's words ({@code SUCCEEDED} where version 1 said {@code COMPLETED}). */
    public static final int SCHEMA_VERSION = 2;

    public ScanReport {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported report schemaVersion " + schemaVersion
                    + " (this build reads " + SCHEMA_VERSION + ")");
        }
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(summary, "summary");
        telemetry = List.copyOf(telemetry);
        endpoints = List.copyOf(endpoints);
        series = series == null ? TimeSeries.empty() : series;
        // Re-sort so a report built or read from anywhere lists findings in the engine's order.
        findings = new AnalysisResult(verdict, summary, findings).findings();
        Map<Severity, Integer> computed = countBySeverity(findings);
        if (counts != null && !counts.isEmpty() && !computed.equals(new EnumMap<>(counts))) {
            throw new IllegalArgumentException("counts " + counts + " do not match the findings " + computed);
        }
        counts = Collections.unmodifiableMap(computed);
        if (scan.status() == ScanEnd.SUCCEEDED && verdict == Verdict.LEAKS_FOUND && findings.isEmpty()) {
            throw new IllegalArgumentException("verdict LEAKS_FOUND without findings");
        }
        if (scan.status() != ScanEnd.SUCCEEDED && verdict == Verdict.CLEAN) {
            // A scan that did not finish measured too little to call anything clean.
            throw new IllegalArgumentException("a " + scan.status() + " scan cannot be CLEAN");
        }
    }

    /** A report without a description's inventory. */
    public ScanReport(int schemaVersion, ScanMetadata scan, List<DiscoveredTelemetry> telemetry,
                      List<EndpointStats> endpoints, TimeSeries series, Verdict verdict, String summary,
                      Map<Severity, Integer> counts, List<Finding> findings, BaselineComparison baseline) {
        this(schemaVersion, scan, telemetry, endpoints, series, verdict, summary, counts, findings, baseline, null);
    }

    /** A report compared with no baseline. */
    public ScanReport(int schemaVersion, ScanMetadata scan, List<DiscoveredTelemetry> telemetry,
                      List<EndpointStats> endpoints, TimeSeries series, Verdict verdict, String summary,
                      Map<Severity, Integer> counts, List<Finding> findings) {
        this(schemaVersion, scan, telemetry, endpoints, series, verdict, summary, counts, findings, null);
    }

    /** This report with its findings compared with {@code baseline} on {@code today}. */
    public ScanReport withBaseline(Baseline baseline, LocalDate today) {
        return new ScanReport(schemaVersion, scan, telemetry, endpoints, series, verdict, summary, counts, findings,
                baseline.compare(findings, today), inventory);
    }

    /** This report with what a description contributed (null: none). */
    public ScanReport withInventory(InventorySummary inventory) {
        return new ScanReport(schemaVersion, scan, telemetry, endpoints, series, verdict, summary, counts, findings,
                baseline, inventory);
    }

    /** Known findings are in the baseline; without a baseline none is. */
    public boolean isKnown(Finding f) {
        return baseline != null && baseline.isKnown(f);
    }

    /** The findings that are not in the baseline: every finding when there is none. */
    public List<Finding> newFindings() {
        return findings.stream().filter(f -> !isKnown(f)).toList();
    }

    /** The usual way in: the engine's result plus what the scan recorded around it. */
    public static ScanReport of(ScanMetadata scan, List<DiscoveredTelemetry> telemetry, List<EndpointStats> endpoints,
                                TimeSeries series, AnalysisResult result) {
        return new ScanReport(SCHEMA_VERSION, scan, telemetry, endpoints, series, result.verdict(), result.summary(),
                null, result.findings());
    }

    /** A scan that stopped before analysis: no findings, verdict inconclusive, the failure as summary. */
    public static ScanReport failed(ScanMetadata scan, List<DiscoveredTelemetry> telemetry,
                                    List<EndpointStats> endpoints, TimeSeries series) {
        if (scan.failure() == null) {
            throw new IllegalArgumentException("a failed scan needs its failure");
        }
        String summary = "The scan did not complete (" + scan.failure().code() + "): " + scan.failure().message()
                + " No claim is made about leaks.";
        return new ScanReport(SCHEMA_VERSION, scan, telemetry, endpoints, series, Verdict.INCONCLUSIVE, summary,
                null, List.of());
    }

    /** Findings attributed to {@code endpoint} (null: the findings attributed to no endpoint). */
    public List<Finding> findingsFor(EndpointRef endpoint) {
        return findings.stream().filter(f -> Objects.equals(f.endpoint(), endpoint)).toList();
    }

    /**
     * Findings that concern an endpoint: those attributed to it, and middleware findings (middleware runs on every
     * route, so its leak is every endpoint's leak). Application-wide kinds are left out.
     */
    public List<Finding> findingsAffecting(EndpointRef endpoint) {
        return findings.stream()
                .filter(f -> !Check.of(f.kind()).applicationWide())
                .filter(f -> endpoint.equals(f.endpoint()) || f.scope() == Scope.MIDDLEWARE)
                .toList();
    }

    /**
     * True when a finding that is not in the baseline is at {@code threshold} or more severe: the CLI's
     * {@code --fail-on} test.
     */
    public boolean hasFindingsAtLeast(Severity threshold) {
        return newFindings().stream().anyMatch(f -> f.severity().atLeast(threshold));
    }

    /** The most severe finding's severity, or null when there are none. */
    public Severity worstSeverity() {
        return findings.isEmpty() ? null : findings.getFirst().severity();
    }

    private static Map<Severity, Integer> countBySeverity(List<Finding> findings) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        return counts;
    }
}
