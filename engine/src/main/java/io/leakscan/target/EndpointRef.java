package io.leakscan.target;

import java.util.Locale;
import java.util.Objects;

/** An endpoint as the user named it: {@code GET /users/:id}. Findings point at these. */
public record EndpointRef(String method, String path) {

    public EndpointRef {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        method = method.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
