package io.leakscan.inventory;

import io.leakscan.engine.ScanEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared helpers: the fixtures under src/test/resources/inventory and a fixed clock. */
final class InventoryFixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07.891Z"), ZoneOffset.UTC);

    private InventoryFixtures() {
    }

    static String text(String name) {
        try (InputStream in = InventoryFixtures.class.getResourceAsStream("/inventory/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Inventory inventory(String name, InventoryOptions options) {
        return new EndpointInventory(CLOCK).fromText(text(name), name, List.of(), options);
    }

    static InventoryOptions unsafeWith(Map<String, String> headers) {
        return new InventoryOptions(List.of(), List.of(), true, headers, ValueOverrides.NONE);
    }

    static ScanEndpoint endpoint(Inventory inv, String methodAndRoute) {
        return inv.endpoints().stream().filter(e -> e.route().toString().equals(methodAndRoute)).findFirst()
                .orElseThrow(() -> new AssertionError("no endpoint " + methodAndRoute + " in " + inv.endpoints()));
    }
}
