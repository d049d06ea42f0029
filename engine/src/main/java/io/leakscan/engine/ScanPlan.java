package io.leakscan.engine;

import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ProfileOverrides;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.TargetSpec;
import io.leakscan.telemetry.Signal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one scan needs to know, from the API, the CLI or a test.
 *
 * @param target         the service under scan
 * @param endpoints      the endpoints to probe, in order, one at a time (at least one)
 * @param profile        quick, memory or deep ({@link ScanProfile#named})
 * @param overrides      per-scan tuning of the profile, refused when above the server maxima
 * @param echoSpecific   the target is (or claims to be) Echo: add Echo-specific probes, namely key-cardinality rounds
 *                       on {@code X-Forwarded-For}, which Echo v4's {@code c.RealIP()} trusts by default
 * @param telemetryPaths extra telemetry paths to try besides the known ones (e.g. {@code /internal/memstats})
 * @param jsonPointers   RFC 6901 pointers per signal for the user's JSON memory endpoint; empty for the brief's
 *                       {@code /health/memory} shape
 * @param limits         the caller's ceilings on the traffic; the engine also clamps them to its server maxima
 */
public record ScanPlan(TargetSpec target, List<ScanEndpoint> endpoints, ScanProfile profile,
                       ProfileOverrides overrides, boolean echoSpecific, List<String> telemetryPaths,
                       Map<Signal, String> jsonPointers, ProbeLimits limits) {

    public ScanPlan {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(profile, "profile");
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a scan needs at least one endpoint");
        }
        overrides = overrides == null ? ProfileOverrides.NONE : overrides;
        telemetryPaths = telemetryPaths == null ? List.of() : List.copyOf(telemetryPaths);
        jsonPointers = jsonPointers == null ? Map.of() : Map.copyOf(jsonPointers);
        limits = limits == null ? ProbeLimits.DEFAULT_SERVER_MAXIMA : limits;
        for (String p : telemetryPaths) {
            if (p == null || !p.startsWith("/")) {
                throw new IllegalArgumentException("telemetry path must start with '/': " + p);
            }
        }
    }

    /** This plan with other limits: the CLI, the service and the catalog give a plan the room it needs. */
    public ScanPlan withLimits(ProbeLimits limits) {
        return new ScanPlan(target, endpoints, profile, overrides, echoSpecific, telemetryPaths, jsonPointers, limits);
    }

    /** A plan with the profile's defaults, no extra telemetry paths and the server maxima as limits. */
    public static ScanPlan of(TargetSpec target, List<ScanEndpoint> endpoints, ScanProfile profile,
                              boolean echoSpecific) {
        return new ScanPlan(target, endpoints, profile, ProfileOverrides.NONE, echoSpecific, List.of(), Map.of(),
                null);
    }
}
