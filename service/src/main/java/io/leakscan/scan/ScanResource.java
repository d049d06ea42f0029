package io.leakscan.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leakscan.inventory.DiscoveryAttempt;
import io.leakscan.inventory.SkippedOperation;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.telemetry.DiscoveryReport;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The scan resource: {@code GET /api/v1/scans/{id}}. Header values are never shown. */
@Schema(name = "Scan")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanResource(
        UUID id,
        ScanState status,
        @Schema(description = "Current phase while running, the last one once finished", nullable = true)
        String phase,
        @Schema(description = "The endpoint under test (METHOD /path), while the scan probes one", nullable = true)
        String currentEndpoint,
        @Schema(minimum = "0", maximum = "100")
        int progress,
        @Schema(description = "How many times a worker has started this scan")
        int attempt,
        Target target,
        List<EndpointView> endpoints,
        @Schema(allowableValues = {"quick", "memory", "deep"}, type = "string")
        Profile profile,
        boolean echoSpecific,
        List<String> telemetryPaths,
        ScanLimits limits,
        String callbackUrl,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        boolean cancelRequested,
        @Schema(description = "Why the scan failed; only when status is FAILED", nullable = true)
        Failure failure,
        @Schema(description = "What the target's default responses say about Echo, once preflight ran", nullable = true)
        EchoFingerprint fingerprint,
        @Schema(allowableValues = {"LEAKS_FOUND", "CLEAN", "INCONCLUSIVE"}, nullable = true)
        String verdict,
        String summary,
        @Schema(description = "Findings per severity", nullable = true)
        Map<String, Integer> findingCounts,
        @Schema(description = "What telemetry discovery found on the target: every path tried, the source chosen per "
                + "capability, and what is missing and why it matters", nullable = true)
        DiscoveryReport discovery,
        ScanTuning tuning,
        @Schema(description = "JSON pointers per signal for the target's JSON memory endpoint")
        Map<String, String> jsonPointers,
        @Schema(description = "The request's inventory and, once the discovery phase resolved it, the endpoints the "
                + "description gave and every operation skipped with the reason", nullable = true)
        InventoryView inventory,
        Links links) {

    static final String REDACTED = "[redacted]";

    @Schema(name = "ScanTargetView")
    public record Target(String baseUrl,
                  @Schema(description = "Header names; every value reads [redacted]") Map<String, String> headers,
                  @JsonInclude(JsonInclude.Include.NON_NULL)
                  @Schema(description = "telemetry.baseUrl of the request: where telemetry is read, when not on "
                          + "baseUrl", nullable = true) String telemetryBaseUrl,
                  @JsonInclude(JsonInclude.Include.NON_EMPTY)
                  @Schema(description = "telemetry.headers names; every value reads [redacted]")
                  Map<String, String> telemetryHeaders) {

        public Target(String baseUrl, Map<String, String> headers) {
            this(baseUrl, headers, null, Map.of());
        }
    }

    @Schema(name = "ScanEndpointView")
    public record EndpointView(String method, String path, String body, String contentType,
                        @Schema(description = "Header names; every value reads [redacted]") Map<String, String> headers,
                        @Schema(description = "The route findings name, e.g. /users/:id") String route) {
    }

    @Schema(name = "ScanInventoryView")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InventoryView(
            @Schema(description = "inventory.openapi.url of the request", nullable = true) String url,
            @Schema(description = "Whether the request carried the document itself (not echoed)") boolean document,
            List<String> include, List<String> exclude, boolean includeUnsafe,
            @Schema(description = "Where the description was read, 'request' for the document sent; null until "
                    + "resolved", nullable = true) String source,
            @Schema(description = "Each place looked at for the description, with its answer", nullable = true)
            List<DiscoveryAttempt> attempts,
            @Schema(description = "The endpoints it gave, header values redacted", nullable = true)
            List<EndpointView> endpoints,
            @Schema(description = "The operations not scanned, with the reason", nullable = true)
            List<SkippedOperation> skipped,
            @Schema(description = "What the parser reported about a description it could still read",
                    nullable = true) List<String> warnings) {
    }

    @Schema(name = "ScanFailure")
    public record Failure(
            @Schema(description = "Stable machine-readable code, e.g. CONNECTION_REFUSED, SCAN_TIMEOUT, WORKER_LOST")
            String code,
            String message) {
    }

    @Schema(name = "ScanLinks")
    public record Links(String self, String events, String cancel, String findings, String samples, String report) {
        static Links of(UUID id) {
            String self = "/api/v1/scans/" + id;
            return new Links(self, self + "/events", self + "/cancel", self + "/findings", self + "/samples",
                    self + "/report?format=json");
        }
    }
}
