package io.leakscan.ownership;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A service a tenant registered, and how far its ownership is proven.
 *
 * @param host           what verification proves: the base URL's host, any port
 * @param token          what the tenant publishes to prove it
 * @param verifiedMethod how the last successful check proved it; null while never verified
 * @param verifiedUntil  the proof counts until then; the re-check extends it
 * @param lastCheck      what the last check, successful or not, saw
 */
public record OwnedTarget(UUID id, UUID tenantId, String name, URI baseUrl, String host, String token,
                          VerificationMethod verifiedMethod, Instant verifiedAt, Instant verifiedUntil,
                          Instant lastCheckedAt, String lastCheck, Instant createdAt) {

    public enum Status { UNVERIFIED, VERIFIED, EXPIRED }

    public Status status(Instant now) {
        if (verifiedUntil == null) {
            return Status.UNVERIFIED;
        }
        return now.isBefore(verifiedUntil) ? Status.VERIFIED : Status.EXPIRED;
    }
}
