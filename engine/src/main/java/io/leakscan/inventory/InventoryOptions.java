package io.leakscan.inventory;

import java.util.List;
import java.util.Map;

/**
 * What to take from a description.
 *
 * @param include       route globs an operation must match one of (empty: all), e.g. {@code "GET /api/v1/*"}
 * @param exclude       route globs that drop an operation, e.g. {@code "DELETE /api/v1/*"}
 * @param includeUnsafe also load POST, PUT, PATCH and DELETE (a scan repeats each request hundreds of times)
 * @param scanHeaders   the headers the scan sends; an operation whose security needs a header not among them is
 *                      skipped
 * @param overrides     the user's values in place of generated ones
 */
public record InventoryOptions(List<String> include, List<String> exclude, boolean includeUnsafe,
                               Map<String, String> scanHeaders, ValueOverrides overrides) {

    public InventoryOptions {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        scanHeaders = scanHeaders == null ? Map.of() : Map.copyOf(scanHeaders);
        overrides = overrides == null ? ValueOverrides.NONE : overrides;
    }

    public static InventoryOptions defaults() {
        return new InventoryOptions(List.of(), List.of(), false, Map.of(), ValueOverrides.NONE);
    }
}
