package io.leakscan.schedule;

import io.leakscan.ownership.OwnedTarget;
import io.leakscan.ownership.OwnedTargets;
import io.leakscan.scan.ScanRequest;
import io.leakscan.scan.ScanService;
import io.leakscan.system.ApiException;
import io.leakscan.tenant.AuditAction;
import io.leakscan.tenant.AuditLog;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tenant's schedules, and the runs they start. A run claims its schedule with SKIP LOCKED, and submits an ordinary
 * scan with the idempotency key {@code schedule:<id>:<due>} in the same transaction that moves the schedule on: it
 * starts once, whatever nodes run and restart. A run that cannot start (quota, unverified host) is recorded on the
 * schedule and the schedule moves on.
 */
@Service
public class Schedules {

    private static final Logger log = LoggerFactory.getLogger(Schedules.class);
    /** Runs started per call at most, so one call cannot hold a worker thread for long. */
    private static final int MAX_RUNS_PER_CALL = 100;

    private final ScheduleStore store;
    private final OwnedTargets targets;
    private final ScanService scans;
    private final JsonMapper json;
    private final Validator validator;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuditLog audit;

    Schedules(ScheduleStore store, OwnedTargets targets, ScanService scans, JsonMapper json, Validator validator,
              TransactionTemplate tx, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.store = store;
        this.targets = targets;
        this.scans = scans;
        this.json = json;
        this.validator = validator;
        this.tx = tx;
        this.clock = clock;
    }

    public Schedule create(UUID tenant, UUID targetId, String cron, String zone, JsonNode scan) {
        if (targetId == null) {
            throw ApiException.badRequest("targetId is required.");
        }
        OwnedTarget target = targets.find(tenant, targetId)
                .orElseThrow(() -> ApiException.notFound("No target " + targetId + "."));
        CronExpression expression = cron(cron);
        ZoneId zoneId = zone(zone);
        ObjectNode request = scan == null ? json.createObjectNode() : scan instanceof ObjectNode o ? o.deepCopy()
                : null;
        if (request == null) {
            throw ApiException.badRequest("scan must be an object: a scan request without its target.");
        }
        if (request.has("target")) {
            throw ApiException.badRequest("scan.target: a schedule scans its target's base URL; leave target out.");
        }
        validate(withTarget(request, target));
        Instant now = clock.instant();
        Schedule schedule = new Schedule(UUID.randomUUID(), tenant, target.id(), cron.strip(), zoneId,
                request.toString(), true, next(expression, zoneId, now), null, null, null, now);
        store.insert(schedule);
        audit.record(tenant, AuditAction.SCHEDULE_CREATED, schedule.id(), "target " + target.name() + ", cron "
                + schedule.cron() + " " + zoneId.getId());
        return schedule;
    }

    public List<Schedule> list(UUID tenant) {
        return store.list(tenant);
    }

    Schedule get(UUID tenant, UUID id) {
        return store.find(tenant, id).orElseThrow(() -> ApiException.notFound("No schedule " + id + "."));
    }

    public void delete(UUID tenant, UUID id) {
        if (!store.delete(tenant, id)) {
            throw ApiException.notFound("No schedule " + id + ".");
        }
        audit.record(tenant, AuditAction.SCHEDULE_DELETED, id, null);
    }

    /** Whether a schedule started this scan. */
    public boolean isScheduled(UUID scanId) {
        return store.isScheduled(scanId);
    }

    /** Starts every run that is due now. @return the runs handled (started or recorded as failed) */
    int runDue() {
        int handled = 0;
        while (handled < MAX_RUNS_PER_CALL) {
            Instant now = clock.instant();
            AtomicReference<Schedule> claimed = new AtomicReference<>();
            try {
                Run run = tx.execute(status -> store.lockDue(now).map(s -> {
                    claimed.set(s);
                    return start(s, now);
                }).orElse(null));
                if (run == null) {
                    return handled;
                }
            } catch (RuntimeException e) {
                Schedule s = claimed.get();
                if (s == null) {
                    throw e;
                }
                // the submission was refused and its transaction rolled back: record why, and move on
                tx.executeWithoutResult(status -> store.advance(s.id(), s.nextRunAt(), next(s, now), now, null,
                        e.getMessage()));
                log.info("Scheduled scan {} of tenant {} did not start: {}", s.id(), s.tenantId(), e.getMessage());
            }
            handled++;
        }
        return handled;
    }

    private record Run(UUID scheduleId, UUID scanId) {
    }

    /** In the claiming transaction: submit the scan, remember it was scheduled, move the schedule on. */
    private Run start(Schedule s, Instant now) {
        OwnedTarget target = targets.find(s.tenantId(), s.targetId()).orElseThrow();
        ScanRequest request = json.treeToValue(withTarget((ObjectNode) json.readTree(s.scan()), target),
                ScanRequest.class);
        UUID scanId = scans.submit(s.tenantId(), request, "schedule:" + s.id() + ":" + s.nextRunAt()).scan().id();
        store.recordRun(scanId, s.id(), now);
        store.advance(s.id(), s.nextRunAt(), next(s, now), now, scanId, null);
        return new Run(s.id(), scanId);
    }

    private ObjectNode withTarget(ObjectNode scan, OwnedTarget target) {
        ObjectNode out = scan.deepCopy();
        out.putObject("target").put("baseUrl", target.baseUrl().toString());
        return out;
    }

    private void validate(ObjectNode request) {
        ScanRequest parsed;
        try {
            parsed = json.treeToValue(request, ScanRequest.class);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("scan: not a scan request: " + e.getMessage());
        }
        List<String> problems = validator.validate(parsed).stream()
                .map(v -> "scan." + v.getPropertyPath() + " " + v.getMessage())
                .sorted(Comparator.naturalOrder()).toList();
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems) + ".");
        }
    }

    /** The first fire time after {@code now} (a run that was missed while nothing ran is not repeated). */
    private Instant next(Schedule s, Instant now) {
        return next(CronExpression.parse(s.cron()), s.zone(), now);
    }

    private static Instant next(CronExpression cron, ZoneId zone, Instant now) {
        ZonedDateTime next = cron.next(now.atZone(zone));
        if (next == null) {
            throw ApiException.badRequest("cron: it never fires after " + now + ".");
        }
        return next.toInstant();
    }

    private static CronExpression cron(String cron) {
        if (cron == null || cron.isBlank()) {
            throw ApiException.badRequest("cron is required: six fields, seconds first (0 0 3 * * *), or a macro "
                    + "such as @daily.");
        }
        try {
            return CronExpression.parse(cron.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cron: " + e.getMessage() + ". Six fields, seconds first (0 0 3 * * *), "
                    + "or a macro such as @daily.");
        }
    }

    private static ZoneId zone(String zone) {
        try {
            return zone == null || zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw ApiException.badRequest("zone: " + e.getMessage() + ".");
        }
    }
}
