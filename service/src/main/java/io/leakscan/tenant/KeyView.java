package io.leakscan.tenant;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A key as listed: never the key or its hash. */
@Schema(description = "An API key of the tenant; the key itself is shown only when created")
public record KeyView(UUID id, String prefix, String name, Role role, Instant createdAt, Instant expiresAt,
                      Instant lastUsedAt, Instant revokedAt) {
}
