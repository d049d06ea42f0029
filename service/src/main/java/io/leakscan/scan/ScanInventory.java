package io.leakscan.scan;

import io.leakscan.inventory.DescriptionSource;
import io.leakscan.inventory.InventoryOptions;
import io.leakscan.inventory.ValueOverrides;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The {@code inventory} of an accepted scan request: a description (its URL, or the document itself) and what to take
 * from it. Resolved into endpoints when the scan runs, by {@link InventoryStep}.
 *
 * @param url      where the description is served, {@code auto} for the target's well-known paths, or null
 * @param document the description's text, or null
 */
public record ScanInventory(String url, String document, List<String> include, List<String> exclude,
                            boolean includeUnsafe) {

    /** How the inventory names a description sent inline, in the scan resource and the reports. */
    static final String INLINE = "request";
    static final String AUTO = "auto";

    public ScanInventory {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    static ScanInventory of(ScanRequest.InventoryRequest r) {
        return new ScanInventory(r.openapi().url(), r.openapi().document(), r.include(), r.exclude(),
                Boolean.TRUE.equals(r.includeUnsafe()));
    }

    /** The URL as a source (null for a document). */
    DescriptionSource source() {
        if (url == null) {
            return null;
        }
        return auto() ? new DescriptionSource.Auto() : new DescriptionSource.Url(URI.create(url));
    }

    /** {@code url: "auto"}: the target's well-known description paths, as the CLI's {@code --openapi auto}. */
    boolean auto() {
        return AUTO.equalsIgnoreCase(url);
    }

    /** The options, with the headers the scan sends: an operation secured by a header not among them is skipped. */
    InventoryOptions options(Map<String, String> scanHeaders) {
        return new InventoryOptions(include, exclude, includeUnsafe, scanHeaders, ValueOverrides.NONE);
    }
}
