package io.leakscan.engine;

import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;

import java.util.Objects;

/**
 * One endpoint to scan: the route as the user names it (findings point at it: {@code GET /users/:id}) and the
 * concrete request the probe sends ({@code GET /users/42}).
 */
public record ScanEndpoint(EndpointRef route, Endpoint request) {

    public ScanEndpoint {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(request, "request");
    }

    /** The request is its own route (no path parameters to name). */
    public static ScanEndpoint of(Endpoint request) {
        return new ScanEndpoint(request.ref(), request);
    }
}
