package io.leakscan.scan;

import io.leakscan.inventory.DescriptionSource;
import io.leakscan.inventory.EndpointInventory;
import io.leakscan.inventory.Inventory;
import io.leakscan.inventory.InventoryException;
import io.leakscan.inventory.InventoryOptions;
import io.leakscan.inventory.TargetDescriptionFetcher;
import io.leakscan.inventory.ValueOverrides;
import io.leakscan.ownership.OwnedTargets;
import io.leakscan.system.ApiException;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.TargetNotAllowedException;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import io.leakscan.target.TargetUrls;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a description for a person choosing endpoints (the dashboard's import): every operation, unsafe ones too,
 * so they can be ticked, with the skipped ones and why. A URL is fetched under the same rules as a scan's traffic.
 */
@Service
public class InventoryImports {

    private final AddressGuard guard;
    private final OwnedTargets owned;
    private final Clock clock;

    InventoryImports(TargetPolicy policy, OwnedTargets owned, Clock clock) {
        this.guard = new AddressGuard(policy);
        this.owned = owned;
        this.clock = clock;
    }

    /**
     * @param baseUrl the target the headers belong to (sent only to its origin), or null when not known yet
     * @throws ApiException 400 with the reason when the URL may not be reached or the description cannot be used
     */
    public Inventory fromUrl(UUID tenantId, String url, String baseUrl, Map<String, String> headers) {
        URI uri;
        try {
            uri = TargetUrls.validateTarget(url);
            guard.checkWithoutLookup(TargetUrls.host(uri));
        } catch (TargetUrls.InvalidTargetUrlException | TargetNotAllowedException e) {
            throw ApiException.badRequest(e.getMessage() + ".");
        }
        owned.requireVerified(tenantId, "openapiUrl", uri);
        URI target = uri;
        Map<String, String> sent = Map.of();
        if (baseUrl != null) {
            try {
                target = TargetUrls.validateTarget(baseUrl);
                sent = headers;
            } catch (TargetUrls.InvalidTargetUrlException e) {
                // no valid target yet: fetch without its headers
            }
        }
        try (TargetDescriptionFetcher fetcher = new TargetDescriptionFetcher(new TargetSpec(target, sent), guard)) {
            return new EndpointInventory(clock).resolve(new DescriptionSource.Url(uri), target, fetcher,
                    options(headers));
        } catch (InventoryException e) {
            throw ApiException.badRequest(e.getMessage() + ".");
        }
    }

    /** A description the person uploaded; {@code name} is its file name. */
    public Inventory fromDocument(String text, String name, Map<String, String> headers) {
        try {
            return new EndpointInventory(clock).fromText(text, name, List.of(), options(headers));
        } catch (InventoryException e) {
            throw ApiException.badRequest(e.getMessage() + ".");
        }
    }

    /** Unsafe methods are listed too: a person ticks what to load, and sees what each costs. */
    private static InventoryOptions options(Map<String, String> headers) {
        return new InventoryOptions(List.of(), List.of(), true, headers, ValueOverrides.NONE);
    }
}
