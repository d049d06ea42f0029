package io.leakscan.tenant;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A new API key; `key` is shown only in this response")
record KeyCreated(UUID id, UUID tenantId, String key, String prefix, String name, Role role, Instant expiresAt) {

    static KeyCreated of(ApiKeys.IssuedKey issued) {
        return new KeyCreated(issued.id(), issued.tenantId(), issued.key(), issued.prefix(), issued.name(),
                issued.role(), issued.expiresAt());
    }
}
