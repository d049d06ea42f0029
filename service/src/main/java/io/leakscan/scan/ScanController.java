package io.leakscan.scan;

import io.leakscan.system.ApiException;
import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.util.UUID;

/** REST API v1 for scans. Thin: HTTP in, a {@link ScanService} call, HTTP out. */
@RestController
@RequestMapping(path = "/api/v1/scans", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "scans", description = "Queue scans, follow them, cancel them")
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class ScanController {

    private final ScanService scans;
    private final ScanEventStream eventStream;

    ScanController(ScanService scans, ScanEventStream eventStream) {
        this.scans = scans;
        this.eventStream = eventStream;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresRole(Role.SCAN)
    @Operation(summary = "Queue a scan", description = "Returns at once; follow the scan at the Location.")
    @ApiResponse(responseCode = "202", description = "Queued (or the earlier scan for the same Idempotency-Key)",
            headers = @Header(name = "Location", description = "The scan resource"))
    @ApiResponse(responseCode = "400", description = "Invalid body", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Body over the size limit", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Not application/json", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with a different body", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ScanResource> submit(
            @Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
            @Parameter(description = "Makes retries safe: the same key with the same body returns the original scan")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Valid @RequestBody ScanRequest request) {
        if (idempotencyKey != null && !idempotencyKey.matches("[\\x21-\\x7e]{1,255}")) {
            throw ApiException.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters.");
        }
        ScanService.Submitted submitted = scans.submit(tenantId, request, idempotencyKey);
        ScanRow scan = submitted.scan();
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/scans/" + scan.id()))
                .eTag(scan.etag())
                .body(scans.resource(scan));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A scan's status, progress and result",
            description = "Strong ETag; send If-None-Match to get 304 while nothing changed.")
    @ApiResponse(responseCode = "200", description = "The scan", headers = @Header(name = "ETag", description = "Version"))
    @ApiResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @ApiResponse(responseCode = "404", description = "No such scan for this tenant", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ScanResource> get(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                                     @PathVariable UUID id, WebRequest request) {
        ScanRow scan = scans.get(tenantId, id);
        if (request.checkNotModified(scan.etag())) {
            return null; // Spring has written the 304
        }
        return ResponseEntity.ok().eTag(scan.etag()).body(scans.resource(scan));
    }

    @GetMapping
    @Operation(summary = "The tenant's scans, newest first")
    ScanPage list(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                  @Parameter(description = "Only scans in this status")
                  @RequestParam(required = false) ScanState status,
                  @Parameter(description = "Only scans of this target (any URL of it, e.g. http://127.0.0.1:8081)")
                  @RequestParam(required = false) String target,
                  @Parameter(description = "Page number, from 0")
                  @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                  @Parameter(description = "Page size, 1 to 100")
                  @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return scans.list(tenantId, status, target, page, size);
    }

    @PostMapping("/{id}/cancel")
    @RequiresRole(Role.SCAN)
    @Operation(summary = "Cancel a queued or running scan",
            description = "A running scan stops its traffic within a second and ends CANCELLED.")
    @ApiResponse(responseCode = "202", description = "Cancelled (queued) or cancellation requested (running)")
    @ApiResponse(responseCode = "404", description = "No such scan for this tenant", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The scan has already finished", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ScanResource> cancel(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                                        @PathVariable UUID id) {
        ScanRow scan = scans.cancel(tenantId, id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).eTag(scan.etag()).body(scans.resource(scan));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events for every status, phase or progress change",
            description = "Each event is named 'scan' and carries a ScanEvent; the stream closes after the final one.")
    @ApiResponse(responseCode = "200", description = "The event stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(implementation = ScanEvent.class)))
    @ApiResponse(responseCode = "404", description = "No such scan for this tenant", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    SseEmitter events(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                      @PathVariable UUID id) {
        scans.get(tenantId, id); // 404 before the stream starts
        return eventStream.open(id);
    }
}
