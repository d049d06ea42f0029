package io.leakscan.inventory;

import io.leakscan.engine.ScanEndpoint;

import java.util.List;

/**
 * The endpoints a description yields.
 *
 * @param source    where the description was read from (a file path or URL)
 * @param endpoints the requests to scan, one per loaded operation, each named by its Echo route
 * @param skipped   every operation left out, with the reason
 * @param attempts  each place looked at to find the description, with its answer
 * @param warnings  what the parser reported about a description it could still read
 */
public record Inventory(String source, List<ScanEndpoint> endpoints, List<SkippedOperation> skipped,
                        List<DiscoveryAttempt> attempts, List<String> warnings) {

    public Inventory {
        endpoints = List.copyOf(endpoints);
        skipped = List.copyOf(skipped);
        attempts = List.copyOf(attempts);
        warnings = List.copyOf(warnings);
    }

    /** What reports and the scan resource show of it. */
    public InventorySummary summary() {
        return new InventorySummary(source, endpoints.size(), skipped);
    }
}
