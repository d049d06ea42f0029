package io.leakscan.scan;

import java.util.UUID;

/**
 * Published (as a Spring application event, after the final state is committed) when a scan reaches SUCCEEDED,
 * FAILED or CANCELLED. Webhooks and the dashboard listen to it.
 */
public record ScanFinished(UUID scanId, UUID tenantId, ScanStatus status) {
}
