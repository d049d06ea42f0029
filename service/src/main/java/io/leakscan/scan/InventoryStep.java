package io.leakscan.scan;

import io.leakscan.inventory.EndpointInventory;
import io.leakscan.inventory.Inventory;
import io.leakscan.inventory.InventoryException;
import io.leakscan.inventory.TargetDescriptionFetcher;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.TargetPolicy;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The discovery phase's first part, for a request with an {@code inventory}: fetches the description (through the
 * guarded target client, so the target rules hold) or reads the one sent, resolves it into endpoints, and stores the
 * resolved and skipped operations with the scan. A description that cannot be fetched or read, yields nothing, or
 * yields too much ends the scan FAILED with the reason. A request without an inventory passes through.
 */
@Component
@Order(InventoryStep.ORDER)
class InventoryStep implements ScanStep {

    static final int ORDER = 150;
    /** The resolved inventory, for the engine phase: its endpoints join the request's. */
    static final ScanContext.Key<ResolvedInventory> RESOLVED = new ScanContext.Key<>("inventory.resolved",
            ResolvedInventory.class);

    private final AddressGuard guard;
    private final ScanInventoryStore store;

    InventoryStep(TargetPolicy policy, ScanInventoryStore store) {
        this.guard = new AddressGuard(policy);
        this.store = store;
    }

    @Override
    public String name() {
        return "discovery";
    }

    @Override
    public void run(ScanContext ctx) {
        ScanInventory request = ctx.spec().inventory();
        if (request == null) {
            return;
        }
        ctx.throwIfCancelled();
        ScanSpec spec = ctx.spec();
        Inventory inventory;
        EndpointInventory inventories = new EndpointInventory(ctx.clock());
        try {
            if (request.document() != null) {
                inventory = inventories.fromText(request.document(), ScanInventory.INLINE, List.of(),
                        request.options(spec.target().headers()));
            } else {
                try (TargetDescriptionFetcher fetcher = new TargetDescriptionFetcher(spec.target(), guard)) {
                    inventory = inventories.resolve(request.source(), spec.target().baseUrl(), fetcher,
                            request.options(spec.target().headers()));
                }
            }
        } catch (InventoryException e) {
            throw new ScanFailedException("INVENTORY_FAILED", "The API description could not be used: "
                    + e.getMessage() + ".");
        }
        ResolvedInventory resolved = ResolvedInventory.of(inventory);
        store.save(ctx.scanId(), resolved, ctx.clock().instant());
        if (resolved.endpoints().isEmpty()) {
            throw new ScanFailedException("INVENTORY_EMPTY", "The API description " + resolved.source()
                    + " yields no endpoint to scan; every operation was skipped (see the scan's inventory).");
        }
        int total = resolved.endpoints().size() + spec.endpoints().size();
        if (total > InventoryChecks.MAX_ENDPOINTS) {
            throw new ScanFailedException("INVENTORY_TOO_LARGE",
                    InventoryChecks.tooMany(resolved.endpoints().size(), spec.endpoints().size()));
        }
        ctx.put(RESOLVED, resolved);
        ctx.progress(100);
    }
}
