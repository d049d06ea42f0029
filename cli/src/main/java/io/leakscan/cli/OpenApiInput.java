package io.leakscan.cli;

import io.leakscan.inventory.DescriptionSource;
import io.leakscan.inventory.EndpointInventory;
import io.leakscan.inventory.Inventory;
import io.leakscan.inventory.InventoryException;
import io.leakscan.inventory.InventoryOptions;
import io.leakscan.inventory.SkippedOperation;
import io.leakscan.inventory.TargetDescriptionFetcher;
import io.leakscan.inventory.ValueOverrides;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** {@code --openapi}: the endpoints from the service's description, fetched under the same target rules as the scan. */
final class OpenApiInput {

    private OpenApiInput() {
    }

    static Inventory resolve(URI target, Map<String, String> headers, String source, List<String> include,
                             List<String> exclude, boolean includeUnsafe, Clock clock) {
        String host = target.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Inventory inv;
        try (TargetDescriptionFetcher fetcher = new TargetDescriptionFetcher(new TargetSpec(target, headers),
                new AddressGuard(TargetPolicy.parse(true, List.of(host))))) {
            inv = new EndpointInventory(clock).resolve(DescriptionSource.parse(source), target, fetcher,
                    new InventoryOptions(include, exclude, includeUnsafe, headers, ValueOverrides.NONE));
        } catch (InventoryException | IllegalArgumentException e) {
            throw CliException.usage("--openapi: " + e.getMessage());
        }
        if (inv.endpoints().isEmpty()) {
            throw CliException.usage("--openapi: the description " + inv.source() + " yields no endpoint to scan; "
                    + "skipped " + inv.skipped().stream().map(SkippedOperation::toString).limit(5).toList());
        }
        return inv;
    }

    /** One line for what was loaded, then each skipped operation with its reason (stderr, like progress). */
    static void describe(Inventory inv, PrintWriter err) {
        err.println("leakscan: " + inv.endpoints().size() + " endpoint" + (inv.endpoints().size() == 1 ? "" : "s")
                + " from " + inv.source() + ", " + inv.skipped().size() + " operation"
                + (inv.skipped().size() == 1 ? "" : "s") + " skipped");
        inv.skipped().forEach(s -> err.println("  skipped " + s));
        err.flush();
    }
}
