package io.leakscan.schedule;

import io.leakscan.scan.ScanRequestSecrets;
import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The calling tenant's schedules; admins create and delete them, every role reads them. */
@RestController
@RequestMapping(path = "/api/v1/schedules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "schedules", description = "Scans of the tenant's targets on a cron schedule")
@SecurityRequirement(name = "bearer")
class ScheduleController {

    record CreateSchedule(UUID targetId,
                          @Schema(description = "Six fields, seconds first (0 0 3 * * *), or @hourly, @daily, "
                                  + "@weekly, @monthly") String cron,
                          @Schema(description = "Time zone of the cron fields; UTC when absent") String zone,
                          @Schema(description = "The scan request without its target (endpoints, profile, tuning, "
                                  + "telemetry, ...); each run scans the target's base URL") JsonNode scan) {
    }

    record ScheduleView(UUID id, UUID targetId, String cron, String zone,
                        @Schema(description = "The scan request; every header value reads [redacted]") JsonNode scan,
                        boolean enabled,
                        Instant nextRunAt, Instant lastRunAt, UUID lastScanId,
                        @Schema(nullable = true, description = "why the last run did not start") String lastError,
                        Instant createdAt) {
    }

    private final Schedules schedules;
    private final ScanRequestSecrets secrets;

    ScheduleController(Schedules schedules, ScanRequestSecrets secrets) {
        this.schedules = schedules;
        this.secrets = secrets;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Scan a target on a cron schedule; each run is an ordinary scan, started once across nodes")
    ScheduleView create(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                        @RequestBody CreateSchedule request) {
        return view(schedules.create(tenantId, request.targetId(), request.cron(), request.zone(), request.scan()));
    }

    @GetMapping
    @Operation(summary = "The tenant's schedules with their next and last run")
    List<ScheduleView> list(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId) {
        return schedules.list(tenantId).stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One schedule with its next and last run")
    ScheduleView get(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                     @PathVariable UUID id) {
        return view(schedules.get(tenantId, id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Stop and remove a schedule; scans it started stay")
    void delete(@Parameter(hidden = true) @RequestAttribute(Tenants.TENANT_ATTRIBUTE) UUID tenantId,
                @PathVariable UUID id) {
        schedules.delete(tenantId, id);
    }

    private ScheduleView view(Schedule s) {
        return new ScheduleView(s.id(), s.targetId(), s.cron(), s.zone().getId(), secrets.redacted(s.scan()),
                s.enabled(), s.nextRunAt(), s.lastRunAt(), s.lastScanId(), s.lastError(), s.createdAt());
    }
}
