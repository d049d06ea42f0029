package io.leakscan.target;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request the scanner sends to an endpoint under test.
 *
 * @param method      HTTP method, upper case
 * @param path        path and query relative to the target's base URL, e.g. {@code /users/42?verbose=1}
 * @param body        request body or null
 * @param contentType content type of the body or null
 * @param headers     extra request headers for this endpoint (in addition to the target's)
 */
public record Endpoint(String method, String path, String body, String contentType, Map<String, String> headers) {

    public Endpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        method = method.toUpperCase(Locale.ROOT);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static Endpoint get(String path) {
        return new Endpoint("GET", path, null, null, Map.of());
    }

    public EndpointRef ref() {
        return new EndpointRef(method, path);
    }
}
