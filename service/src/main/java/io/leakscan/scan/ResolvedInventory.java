package io.leakscan.scan;

import io.leakscan.engine.ScanEndpoint;
import io.leakscan.inventory.DiscoveryAttempt;
import io.leakscan.inventory.Inventory;
import io.leakscan.inventory.InventorySummary;
import io.leakscan.inventory.SkippedOperation;

import java.util.List;

/**
 * A scan's inventory as resolved in its discovery phase and stored with it: where the description was found (every
 * place tried), the endpoints it gave with their first requests, and the operations skipped with the reason.
 */
record ResolvedInventory(String source, List<DiscoveryAttempt> attempts, List<ScanEndpoint> endpoints,
                         List<SkippedOperation> skipped, List<String> warnings) {

    ResolvedInventory {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    static ResolvedInventory of(Inventory inv) {
        return new ResolvedInventory(inv.source(), inv.attempts(), inv.endpoints(), inv.skipped(), inv.warnings());
    }

    InventorySummary summary() {
        return new InventorySummary(source, endpoints.size(), skipped);
    }
}
