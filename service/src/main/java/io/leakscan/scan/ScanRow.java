package io.leakscan.scan;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code scans}. JSON columns stay JSON text here; {@link ScanService} reads them. */
public record ScanRow(UUID id, UUID tenantId, ScanState status, String phase, int progress,
               Instant queuedAt, Instant startedAt, Instant finishedAt, Instant heartbeatAt,
               int attempt, String pickedBy, String targetBaseUrl, String targetKey, Profile profile,
               boolean echoSpecific, String request, String idempotencyKey, String requestHash,
               boolean cancelRequested, String failureCode, String failureMessage,
               String fingerprint, String discovery, String verdict, String summary, String findingCounts,
               long version, String currentEndpoint) {

    static ScanRow queued(UUID id, UUID tenantId, Instant now, String baseUrl, String targetKey, Profile profile,
                          boolean echoSpecific, String request, String idempotencyKey, String requestHash) {
        return new ScanRow(id, tenantId, ScanState.QUEUED, null, 0, now, null, null, null, 0, null, baseUrl,
                targetKey, profile, echoSpecific, request, idempotencyKey, requestHash, false, null, null, null,
                null, null, null, null, 0, null);
    }

    String etag() {
        return "\"" + version + "\"";
    }
}
