package io.leakscan.scan;

import io.leakscan.inventory.EndpointInventory;
import io.leakscan.inventory.Inventory;
import io.leakscan.inventory.InventoryException;
import io.leakscan.inventory.SkippedOperation;
import io.leakscan.system.ApiException;
import io.leakscan.system.Problems;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.TargetNotAllowedException;
import io.leakscan.target.TargetUrls;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * An {@code inventory} checked at submit, so a mistake is a 400 naming its field rather than a scan that fails later:
 * exactly one of url and document, a url the scan may reach, globs that parse, and a document that parses, yields
 * endpoints and matches every glob. A url's description is only fetched when the scan runs.
 */
final class InventoryChecks {

    /** The most endpoints one scan takes, as {@code endpoints[]}'s own limit. */
    static final int MAX_ENDPOINTS = 100;

    private InventoryChecks() {
    }

    static void check(ScanInventory inventory, int explicitEndpoints, Map<String, String> scanHeaders,
                      AddressGuard targets, Clock clock) {
        if ((inventory.url() == null) == (inventory.document() == null)) {
            throw refused("inventory.openapi", "give either url or document" + (inventory.url() == null ? ""
                    : ", not both"));
        }
        if (inventory.url() != null) {
            try {
                // preflight's rule for literal addresses now; every connect checks the resolved address again;
                // auto reads the target's own well-known paths, which the target's checks cover
                if (!inventory.auto()) {
                    targets.checkWithoutLookup(TargetUrls.host(URI.create(inventory.url())));
                }
            } catch (TargetNotAllowedException e) {
                throw refused("inventory.openapi.url", e.getMessage() + ".");
            }
            try {
                EndpointInventory.checkGlobs(inventory.options(scanHeaders));
            } catch (InventoryException e) {
                throw refused(field(e), e.getMessage() + ".");
            }
            return;
        }
        Inventory resolved;
        try {
            resolved = new EndpointInventory(clock).fromText(inventory.document(), ScanInventory.INLINE, List.of(),
                    inventory.options(scanHeaders));
        } catch (InventoryException e) {
            throw refused(field(e), e.getMessage() + ".");
        }
        if (resolved.endpoints().isEmpty()) {
            throw refused("inventory.openapi.document", "the description yields no endpoint to scan; skipped "
                    + resolved.skipped().stream().map(SkippedOperation::toString).limit(5).toList() + ".");
        }
        checkTotal(resolved.endpoints().size(), explicitEndpoints);
    }

    /** Endpoints from a description plus those listed must fit one scan. */
    static void checkTotal(int fromDescription, int explicitEndpoints) {
        if (fromDescription + explicitEndpoints > MAX_ENDPOINTS) {
            throw refused("inventory", "the description yields " + fromDescription + " endpoints and endpoints lists "
                    + explicitEndpoints + "; a scan takes at most " + MAX_ENDPOINTS + ": narrow it with "
                    + "inventory.include or inventory.exclude.");
        }
    }

    static String tooMany(int fromDescription, int explicitEndpoints) {
        return "The description yields " + fromDescription + " endpoints and the request lists " + explicitEndpoints
                + "; a scan takes at most " + MAX_ENDPOINTS + ": narrow it with inventory.include or "
                + "inventory.exclude.";
    }

    private static String field(InventoryException e) {
        return e.filter() != null ? "inventory." + e.filter() : "inventory.openapi.document";
    }

    private static ApiException refused(String field, String message) {
        return ApiException.badRequest(field + ": " + message)
                .property("errors", List.of(new Problems.FieldError(field, message)));
    }
}
