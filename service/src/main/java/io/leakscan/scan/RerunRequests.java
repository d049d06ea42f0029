package io.leakscan.scan;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The request that asks for an accepted scan again: the same target with its stored headers, endpoints, profile,
 * telemetry, inventory (resolved afresh when the new scan runs), tuning, limits and callback.
 */
final class RerunRequests {

    private RerunRequests() {
    }

    static ScanRequest of(ScanSpec spec) {
        TargetSpec t = spec.target();
        List<ScanRequest.EndpointRequest> endpoints = IntStream.range(0, spec.endpoints().size()).mapToObj(i -> {
            Endpoint e = spec.endpoints().get(i);
            String route = spec.route(i);
            return new ScanRequest.EndpointRequest(e.method(), e.path(), e.body(), e.contentType(),
                    e.headers().isEmpty() ? null : e.headers(), route.equals(e.path()) ? null : route);
        }).toList();
        boolean telemetry = t.separateTelemetry() || !spec.telemetryPaths().isEmpty()
                || !spec.jsonPointers().isEmpty() || !t.telemetryHeaders().isEmpty();
        ScanInventory inv = spec.inventory();
        ScanLimits limits = spec.limits();
        return new ScanRequest(
                new ScanRequest.TargetRequest(t.baseUrl().toString(), t.headers().isEmpty() ? null : t.headers()),
                endpoints, spec.profile(), spec.echoSpecific(),
                telemetry ? new ScanRequest.TelemetryRequest(t.separateTelemetry() ? t.telemetryBaseUrl().toString()
                        : null, t.telemetryHeaders().isEmpty() ? null : t.telemetryHeaders(),
                        spec.telemetryPaths().isEmpty() ? null : spec.telemetryPaths(),
                        spec.jsonPointers().isEmpty() ? null : spec.jsonPointers()) : null,
                inv == null ? null : new ScanRequest.InventoryRequest(
                        new ScanRequest.OpenApiRequest(inv.url(), inv.document()), inv.include(), inv.exclude(),
                        inv.includeUnsafe()),
                limits == null ? null : new ScanRequest.LimitsRequest(limits.maxRequestsPerSecond(),
                        limits.maxConcurrency(), limits.durationFromPlan() ? null : limits.maxDurationSeconds()),
                spec.tuning() == ScanTuning.NONE ? null : spec.tuning(),
                spec.callbackUrl() == null ? null : spec.callbackUrl().toString());
    }
}
