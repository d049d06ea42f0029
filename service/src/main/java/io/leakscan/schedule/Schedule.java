package io.leakscan.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Scans of one target on a cron schedule.
 *
 * @param scan       the scan request as JSON, without its target (the target's base URL goes in at each run)
 * @param lastError  why the last run could not start (a quota, an unverified host), or null
 */
public record Schedule(UUID id, UUID tenantId, UUID targetId, String cron, ZoneId zone, String scan, boolean enabled,
                Instant nextRunAt, Instant lastRunAt, UUID lastScanId, String lastError, Instant createdAt) {
}
