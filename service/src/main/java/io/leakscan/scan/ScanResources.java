package io.leakscan.scan;

import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.Endpoint;
import io.leakscan.telemetry.DiscoveryReport;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A stored scan as the API shows it: its request with every header value redacted, its progress and end, and what the
 * inventory it asked for resolved to.
 */
final class ScanResources {

    private final JsonMapper json;
    private final ScanInventoryStore inventories;

    ScanResources(JsonMapper json, ScanInventoryStore inventories) {
        this.json = json;
        this.inventories = inventories;
    }

    /** {@code spec} is the row's own request, as the service stored it. */
    ScanResource of(ScanRow row, ScanSpec spec) {
        return new ScanResource(
                row.id(), row.status(), row.phase(), row.currentEndpoint(), row.progress(), row.attempt(),
                new ScanResource.Target(spec.target().baseUrl().toString(), redact(spec.target().headers()),
                        spec.target().separateTelemetry() ? spec.target().telemetryBaseUrl().toString() : null,
                        redact(spec.target().telemetryHeaders())),
                IntStream.range(0, spec.endpoints().size()).mapToObj(i -> {
                    Endpoint e = spec.endpoints().get(i);
                    return new ScanResource.EndpointView(e.method(), e.path(), e.body(), e.contentType(),
                            redact(e.headers()), spec.route(i));
                }).toList(),
                spec.profile(), spec.echoSpecific(), spec.telemetryPaths(), spec.limits(),
                spec.callbackUrl() == null ? null : spec.callbackUrl().toString(),
                row.queuedAt(), row.startedAt(), row.finishedAt(), row.cancelRequested(),
                row.failureCode() == null ? null : new ScanResource.Failure(row.failureCode(), row.failureMessage()),
                row.fingerprint() == null ? null : json.readValue(row.fingerprint(), EchoFingerprint.class),
                row.verdict(), row.summary(),
                row.findingCounts() == null ? null
                        : json.readValue(row.findingCounts(), new TypeReference<Map<String, Integer>>() { }),
                row.discovery() == null ? null : json.readValue(row.discovery(), DiscoveryReport.class),
                spec.tuning(), spec.jsonPointers(),
                inventory(spec.inventory(), spec.inventory() == null ? null : inventories.find(row.id()).orElse(null)),
                ScanResource.Links.of(row.id()));
    }

    private static ScanResource.InventoryView inventory(ScanInventory asked, ResolvedInventory resolved) {
        if (asked == null) {
            return null;
        }
        return new ScanResource.InventoryView(asked.url(), asked.document() != null, asked.include(), asked.exclude(),
                asked.includeUnsafe(), resolved == null ? null : resolved.source(),
                resolved == null ? null : resolved.attempts(),
                resolved == null ? null : resolved.endpoints().stream().map(e -> new ScanResource.EndpointView(
                        e.request().method(), e.request().path(), e.request().body(), e.request().contentType(),
                        redact(e.request().headers()), e.route().path())).toList(),
                resolved == null ? null : resolved.skipped(),
                resolved == null ? null : resolved.warnings());
    }

    private static Map<String, String> redact(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.keySet().stream().sorted().forEach(name -> out.put(name, ScanResource.REDACTED));
        return out;
    }
}
