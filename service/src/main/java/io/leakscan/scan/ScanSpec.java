package io.leakscan.scan;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A scan request as accepted and stored: validated, defaults filled in, limits capped. This is what every
 * {@link ScanStep} reads through {@link ScanContext#spec()}.
 *
 * @param target         the service under scan with its own credentials (never logged or echoed)
 * @param endpoints      the requests to load, at most 100; may be empty
 * @param profile        how hard to look
 * @param echoSpecific   use Echo-specific knowledge (its default error bodies, its middleware) where it helps
 * @param telemetryPaths paths that replace telemetry discovery when not empty
 * @param limits         load limits after capping
 * @param callbackUrl    where to POST the signed result, or null
 * @param tuning         overrides of the profile's parameters
 * @param jsonPointers   signal name to RFC 6901 pointer, for a JSON memory endpoint of the user's own shape
 * @param routes         per endpoint, by index: the route it exercises as registered in Echo ({@code /users/:id}),
 *                       which findings name; null or missing means the endpoint's path
 * @param inventory      a description to take more endpoints from when the scan runs, or null
 */
public record ScanSpec(TargetSpec target, List<Endpoint> endpoints, Profile profile, boolean echoSpecific,
                       List<String> telemetryPaths, ScanLimits limits, URI callbackUrl, ScanTuning tuning,
                       Map<String, String> jsonPointers, List<String> routes, ScanInventory inventory) {

    public ScanSpec {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        telemetryPaths = telemetryPaths == null ? List.of() : List.copyOf(telemetryPaths);
        tuning = tuning == null ? ScanTuning.NONE : tuning;
        jsonPointers = jsonPointers == null ? Map.of() : Map.copyOf(jsonPointers);
        routes = routes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(routes));
    }

    /** The route endpoint {@code i} exercises: the one given, else its path. */
    public String route(int i) {
        String route = i < routes.size() ? routes.get(i) : null;
        return route != null ? route : endpoints.get(i).path();
    }

    public ScanSpec(TargetSpec target, List<Endpoint> endpoints, Profile profile, boolean echoSpecific,
                    List<String> telemetryPaths, ScanLimits limits, URI callbackUrl) {
        this(target, endpoints, profile, echoSpecific, telemetryPaths, limits, callbackUrl, null, null, null, null);
    }
}
