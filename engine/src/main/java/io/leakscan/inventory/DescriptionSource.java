package io.leakscan.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Where the API description comes from: a file, a URL, or the target's well-known paths. */
public sealed interface DescriptionSource {

    /** The paths {@code auto} tries on the target, in order: swaggo's first, as most Echo services use it. */
    List<String> WELL_KNOWN_PATHS = List.of("/swagger/doc.json", "/swagger/swagger.json", "/swagger.json",
            "/openapi.json", "/openapi.yaml", "/v3/api-docs", "/api-docs");

    record File(Path path) implements DescriptionSource {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    record Url(URI url) implements DescriptionSource {
        public Url {
            Objects.requireNonNull(url, "url");
        }
    }

    record Auto() implements DescriptionSource {
    }

    /** {@code auto}, an absolute http(s) URL, or else a file path. */
    static DescriptionSource parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InventoryException("the description source is empty: give a file, an http(s) URL or auto");
        }
        String v = value.strip();
        if (v.equalsIgnoreCase("auto")) {
            return new Auto();
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI uri = new URI(v).parseServerAuthority();
                if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                    throw new InventoryException("invalid description URL '" + v + "': it needs a host and no user "
                            + "info");
                }
                return new Url(uri);
            } catch (URISyntaxException e) {
                throw new InventoryException("invalid description URL '" + v + "': " + e.getReason());
            }
        }
        return new File(Path.of(v));
    }
}
