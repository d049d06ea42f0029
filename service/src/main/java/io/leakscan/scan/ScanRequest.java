package io.leakscan.scan;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Body of {@code POST /api/v1/scans}. Unknown fields are rejected. */
@Schema(name = "ScanRequest", description = "A scan to queue")
public record ScanRequest(
        @NotNull @Valid
        TargetRequest target,

        @Size(max = 100) @ArraySchema(maxItems = 100, schema = @Schema(implementation = EndpointRequest.class))
        List<@NotNull @Valid EndpointRequest> endpoints,

        @Schema(description = "How hard to look", allowableValues = {"quick", "memory", "deep"},
                defaultValue = "memory", type = "string")
        Profile profile,

        @Schema(description = "Use Echo-specific knowledge where it helps", defaultValue = "false")
        Boolean echoSpecific,

        @Valid
        TelemetryRequest telemetry,

        @Valid
        @Schema(description = "Endpoints from the target's OpenAPI 3 or Swagger 2.0 description, resolved when the "
                + "scan runs (its discovery phase), on top of endpoints; the resolved and skipped operations show on "
                + "the scan", nullable = true)
        InventoryRequest inventory,

        @Valid
        LimitsRequest limits,

        @Valid
        ScanTuning tuning,

        @Size(max = 2048) @HttpUrl
        @Schema(description = "Absolute http(s) URL that receives the signed result when the scan ends",
                maxLength = 2048, nullable = true)
        String callbackUrl) {

    /** A request without a description to take endpoints from. */
    public ScanRequest(TargetRequest target, List<EndpointRequest> endpoints, Profile profile, Boolean echoSpecific,
                       TelemetryRequest telemetry, LimitsRequest limits, ScanTuning tuning, String callbackUrl) {
        this(target, endpoints, profile, echoSpecific, telemetry, null, limits, tuning, callbackUrl);
    }

    /** The same request against another target. */
    ScanRequest withTarget(TargetRequest other) {
        return new ScanRequest(other, endpoints, profile, echoSpecific, telemetry, inventory, limits, tuning,
                callbackUrl);
    }

    @Schema(name = "ScanTarget", description = "The service to scan")
    @OneTarget
    public record TargetRequest(
            @Size(max = 2048) @HttpUrl
            @Schema(description = "Absolute http or https URL without user info; or give targetId instead",
                    example = "http://127.0.0.1:8081", maxLength = 2048, nullable = true)
            String baseUrl,

            @HeaderMap
            @Schema(description = "Headers sent with every request to the target (its own credentials). Stored, "
                    + "never returned in clear.")
            Map<String, String> headers,

            @Schema(description = "A target registered under /api/v1/targets, instead of baseUrl: the scan runs "
                    + "against its base URL, and only while its ownership is verified", nullable = true)
            UUID targetId) {

        public TargetRequest(String baseUrl, Map<String, String> headers) {
            this(baseUrl, headers, null);
        }
    }

    @Schema(name = "ScanEndpoint", description = "One request to load the target with")
    public record EndpointRequest(
            @NotBlank @Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS", flags = Pattern.Flag.CASE_INSENSITIVE,
                    message = "must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
            @Schema(example = "GET", requiredMode = Schema.RequiredMode.REQUIRED)
            String method,

            @NotBlank @Size(max = 2048) @RequestPath
            @Schema(description = "Path and query relative to the base URL", example = "/users/42",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String path,

            @Size(max = 65536) @Schema(nullable = true)
            String body,

            @Size(max = 200) @Schema(example = "application/json", nullable = true)
            String contentType,

            @HeaderMap @Schema(description = "Extra headers for this endpoint; never returned in clear")
            Map<String, String> headers,

            @Size(max = 2048) @Pattern(regexp = "/\\S*", message = "must start with / and contain no spaces")
            @Schema(description = "The route as registered in Echo, e.g. /users/:id; findings name it. Defaults to "
                    + "the path", example = "/users/:id", nullable = true)
            String route) {
    }

    @Schema(name = "ScanTelemetry", description = "Where the target serves its telemetry when not on the base URL, extra "
            + "telemetry paths to try, and where a JSON memory endpoint keeps each signal")
    public record TelemetryRequest(
            @Size(max = 2048) @HttpUrl
            @Schema(description = "The telemetry's own address, e.g. an admin listener serving pprof, expvar and "
                    + "Prometheus (http://127.0.0.1:6060). Discovery and sampling use it; load still goes to "
                    + "target.baseUrl. The same target rules (allow-list, never-scanned addresses) apply",
                    example = "http://127.0.0.1:6060", maxLength = 2048, nullable = true)
            String baseUrl,

            @HeaderMap
            @Schema(description = "Headers for telemetry requests only. With baseUrl set, target.headers are not sent "
                    + "to it; without, these come on top of target.headers. Stored, never returned in clear")
            Map<String, String> headers,

            @Size(max = 20)
            List<@NotBlank @Size(max = 2048) @RequestPath String> paths,

            @Size(max = 9)
            @Schema(description = "Signal name (GOROUTINES, HEAP_AFTER_GC_BYTES, HEAP_ALLOC_BYTES, HEAP_INUSE_BYTES, "
                    + "HEAP_OBJECTS, OPEN_FDS, RESIDENT_BYTES, GC_COUNT, PROCESS_START_SECONDS) to an RFC 6901 JSON "
                    + "pointer into the JSON memory endpoint, e.g. {\"GOROUTINES\": \"/runtime/goroutines\"}")
            Map<@Pattern(regexp = "GOROUTINES|HEAP_AFTER_GC_BYTES|HEAP_ALLOC_BYTES|HEAP_INUSE_BYTES|HEAP_OBJECTS|OPEN_FDS"
                    + "|RESIDENT_BYTES|GC_COUNT|PROCESS_START_SECONDS", message = "must be a signal name") String,
                    @NotNull @Size(max = 512) @Pattern(regexp = "(/[^/]*)*", message = "must be an RFC 6901 JSON pointer "
                            + "such as /runtime/goroutines") String> jsonPointers) {
    }

    @Schema(name = "ScanInventory", description = "Where the description is and what to take from it")
    public record InventoryRequest(
            @NotNull @Valid
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            OpenApiRequest openapi,

            @Size(max = 50)
            @Schema(description = "Route globs an operation must match one of, e.g. \"GET /api/v1/*\" or "
                    + "\"/admin/*\" (any method); a glob that matches no operation is an error")
            List<@NotBlank @Size(max = 300) String> include,

            @Size(max = 50)
            @Schema(description = "Route globs that drop an operation, e.g. \"DELETE /api/v1/*\"")
            List<@NotBlank @Size(max = 300) String> exclude,

            @Schema(description = "Also load POST, PUT, PATCH and DELETE, with bodies from the description's examples "
                    + "or schemas (a scan repeats each request hundreds of times)", defaultValue = "false")
            Boolean includeUnsafe) {
    }

    @Schema(name = "ScanOpenApi", description = "The description: its URL, or the document itself; exactly one")
    public record OpenApiRequest(
            @Size(max = 2048) @HttpUrl(orAuto = true)
            @Schema(description = "Where the service serves it, e.g. http://127.0.0.1:8081/swagger/doc.json, or auto "
                    + "for the target's well-known paths (/swagger/doc.json, /openapi.json, ...); fetched under the "
                    + "target rules, with target.headers only when on the target's origin",
                    nullable = true)
            String url,

            @Size(max = 262_144)
            @Schema(description = "The description's text, JSON or YAML", nullable = true)
            String document) {
    }

    @Schema(name = "ScanLimitsRequest", description = "Asked-for limits; each is capped by the server's maximum")
    public record LimitsRequest(
            @Positive @Max(1_000_000) Integer maxRequestsPerSecond,
            @Positive @Max(1_000_000) Integer maxConcurrency,
            @Positive @Max(1_000_000_000) Integer maxDurationSeconds) {
    }
}
