package io.leakscan.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * An API key as stored when issued: only its SHA-256 and a short prefix to recognise it by; the key itself is shown
 * once and never stored.
 *
 * @param expiresAt null: the key does not expire
 */
record ApiKey(UUID id, UUID tenantId, String keyHash, String prefix, String name, Role role, Instant createdAt,
              Instant expiresAt) {
}
