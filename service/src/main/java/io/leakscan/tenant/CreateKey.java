package io.leakscan.tenant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * A request for a new key.
 *
 * @param role      what the key may do; {@code admin} when the operator's admin API leaves it out
 * @param expiresAt when the key stops working; null: never
 */
@Schema(description = "A new API key: a name to recognise it by, its role, and an optional expiry")
record CreateKey(@Size(max = 200) String name, Role role, Instant expiresAt) {
}
