package io.leakscan.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * The tenant key behind a request.
 *
 * @param expiresAt null: the key does not expire
 */
public record Caller(UUID keyId, UUID tenantId, Role role, Instant expiresAt) {

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
