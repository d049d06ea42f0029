package io.leakscan.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Reads a description's text from its source; for {@code auto}, from the first well-known path that serves one. */
final class DescriptionLoader {

    /** The text, where it came from, and every place looked at on the way. */
    record Loaded(String location, String text, List<DiscoveryAttempt> attempts) {
    }

    private DescriptionLoader() {
    }

    static Loaded load(DescriptionSource source, URI target, DescriptionFetcher fetcher) {
        return switch (source) {
            case DescriptionSource.File f -> fromFile(f);
            case DescriptionSource.Url u -> fromUrl(u.url(), fetcher);
            case DescriptionSource.Auto a -> discover(target, fetcher);
        };
    }

    private static Loaded fromFile(DescriptionSource.File f) {
        try {
            if (Files.size(f.path()) > TargetDescriptionFetcher.MAX_BYTES) {
                throw new InventoryException("the description " + f.path() + " is larger than 16 MiB");
            }
            String text = Files.readString(f.path(), StandardCharsets.UTF_8);
            return new Loaded(f.path().toString(), text,
                    List.of(new DiscoveryAttempt(f.path().toString(), 0, "found")));
        } catch (NoSuchFileException e) {
            throw new InventoryException("cannot read the description " + f.path() + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new InventoryException("cannot read the description " + f.path() + ": " + e.getMessage(), e);
        }
    }

    private static Loaded fromUrl(URI url, DescriptionFetcher fetcher) {
        DescriptionFetcher.Answer a = fetcher.get(url);
        if (a.status() != 200) {
            throw new InventoryException("cannot fetch the description " + url + ": HTTP " + a.status());
        }
        return new Loaded(url.toString(), a.body(), List.of(new DiscoveryAttempt(url.toString(), 200, "found")));
    }

    /** Tries each well-known path in order; the first 200 whose body is an OpenAPI or Swagger document wins. */
    private static Loaded discover(URI target, DescriptionFetcher fetcher) {
        List<DiscoveryAttempt> attempts = new ArrayList<>();
        for (String path : DescriptionSource.WELL_KNOWN_PATHS) {
            URI url = under(target, path);
            DescriptionFetcher.Answer a;
            try {
                a = fetcher.get(url);
            } catch (InventoryException e) {
                attempts.add(new DiscoveryAttempt(path, 0, e.getMessage()));
                continue;
            }
            if (a.status() != 200) {
                attempts.add(new DiscoveryAttempt(path, a.status(), a.status() == 404 ? "not found" : "no description"));
            } else if (!DescriptionParser.looksLikeDescription(a.body())) {
                attempts.add(new DiscoveryAttempt(path, 200, "not a description"));
            } else {
                attempts.add(new DiscoveryAttempt(path, 200, "found"));
                return new Loaded(url.toString(), a.body(), attempts);
            }
        }
        throw new InventoryException("no API description found on " + target + "; tried "
                + attempts.stream().map(DiscoveryAttempt::toString).collect(Collectors.joining(", ")));
    }

    /** {@code path} below the target's own base path: {@code http://h/app} + {@code /openapi.json}. */
    static URI under(URI target, String path) {
        String base = target.getRawPath() == null ? "" : target.getRawPath();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(target.getScheme() + "://" + target.getRawAuthority() + base + path);
    }
}
