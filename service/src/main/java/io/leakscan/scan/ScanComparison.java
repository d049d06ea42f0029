package io.leakscan.scan;

import io.leakscan.analysis.Finding;
import io.leakscan.baseline.FindingFingerprint;
import io.leakscan.report.EndpointStats;
import io.leakscan.system.ApiException;
import io.leakscan.target.EndpointRef;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A finished scan against the previous successful scan of the same target: which findings are new, which are still
 * there, and which are fixed. A previous finding on an endpoint this scan did not probe is not called fixed: it was
 * not looked at again.
 */
@Service
public class ScanComparison {

    /** One finding as the comparison lists it; {@code fingerprint} is the one SARIF and baselines use. */
    public record Item(String fingerprint, String kind, String scope, EndpointRef endpoint, String title) {

        static Item of(Finding f) {
            return new Item(FindingFingerprint.of(f), f.kind().name(), f.scope().name(), f.endpoint(), f.title());
        }
    }

    /** @param previousScanId null when no earlier scan of this target succeeded; then every finding is new */
    public record Result(UUID scanId, UUID previousScanId, Instant previousFinishedAt, List<Item> newFindings,
                         List<Item> stillThere, List<Item> fixed, List<Item> notRetested) {
    }

    private final ScanStore scans;
    private final ScanResultStore results;
    private final ScanResults reports;

    ScanComparison(ScanStore scans, ScanResultStore results, ScanResults reports) {
        this.scans = scans;
        this.results = results;
        this.reports = reports;
    }

    public Result compare(UUID tenantId, UUID scanId) {
        ScanRow row = scans.find(tenantId, scanId).orElseThrow(() -> ScanService.notFound(scanId));
        if (row.status() != ScanState.SUCCEEDED) {
            throw ApiException.conflict("Scan " + scanId + " is " + row.status()
                    + "; only a scan that succeeded can be compared with the one before it.");
        }
        Map<String, Finding> now = byFingerprint(results.findings(row.id()));
        ScanRow previous = scans.previousSucceeded(tenantId, row.targetKey(), row.finishedAt()).orElse(null);
        if (previous == null) {
            return new Result(row.id(), null, null, items(now.values()), List.of(), List.of(), List.of());
        }
        Map<String, Finding> before = byFingerprint(results.findings(previous.id()));
        Set<EndpointRef> probed = reports.report(row).endpoints().stream().map(EndpointStats::endpoint)
                .collect(Collectors.toSet());
        List<Item> added = new ArrayList<>();
        List<Item> still = new ArrayList<>();
        now.forEach((fp, f) -> (before.containsKey(fp) ? still : added).add(Item.of(f)));
        List<Item> fixed = new ArrayList<>();
        List<Item> notRetested = new ArrayList<>();
        before.forEach((fp, f) -> {
            if (!now.containsKey(fp)) {
                // a finding without an endpoint (middleware, the whole service) was looked at by any scan
                (f.endpoint() == null || probed.contains(f.endpoint()) ? fixed : notRetested).add(Item.of(f));
            }
        });
        return new Result(row.id(), previous.id(), previous.finishedAt(), added, still, fixed, notRetested);
    }

    private static Map<String, Finding> byFingerprint(List<Finding> findings) {
        Map<String, Finding> out = new LinkedHashMap<>();
        findings.forEach(f -> out.putIfAbsent(FindingFingerprint.of(f), f));
        return out;
    }

    private static List<Item> items(Iterable<Finding> findings) {
        List<Item> out = new ArrayList<>();
        findings.forEach(f -> out.add(Item.of(f)));
        return out;
    }
}
