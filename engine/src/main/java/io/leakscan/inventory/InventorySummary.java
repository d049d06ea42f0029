package io.leakscan.inventory;

import java.util.List;
import java.util.Objects;

/**
 * What a description contributed to a scan, as reports and the scan resource show it: where it was read, how many
 * endpoints it gave, and every operation left out with the reason. No request details: those may carry values the
 * user put in headers.
 *
 * @param source  where the description was read from (a file path, a URL, or {@code request} for one sent inline)
 * @param loaded  how many endpoints it gave the scan
 * @param skipped each operation left out, in the description's order
 */
public record InventorySummary(String source, int loaded, List<SkippedOperation> skipped) {

    public InventorySummary {
        Objects.requireNonNull(source, "source");
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }
}
