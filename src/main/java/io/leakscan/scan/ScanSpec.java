package io.leakscan.scan;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;

import java.net.URI;
import java.util.List;

/**
 * A scan request as accepted and stored: validated, defaults filled in, limits capped. This is what every
 * {@link ScanPhase} reads through {@link ScanContext#spec()}.
 *
 * @param target         the service under scan with its own credentials (never logged or echoed)
 * @param endpoints      the requests to load, at most 100; may be empty
 * @param profile        how hard to look
 * @param echoSpecific   use Echo-specific knowledge (its default error bodies, its middleware) where it helps
 * @param telemetryPaths paths that replace telemetry discovery when not empty
 * @param limits         load limits after capping
 * @param callbackUrl    where to POST the signed result, or null
 */
public record ScanSpec(TargetSpec target, List<Endpoint> endpoints, Profile profile, boolean echoSpecific,
                       List<String> telemetryPaths, ScanLimits limits, URI callbackUrl) {

    public ScanSpec {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        telemetryPaths = telemetryPaths == null ? List.of() : List.copyOf(telemetryPaths);
    }
}
