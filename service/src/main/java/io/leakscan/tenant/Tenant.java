package io.leakscan.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer: owns API keys and scans, and the secret its webhook callbacks are signed with.
 *
 * @param callbackSecret HMAC key for signing this tenant's webhook deliveries
 */
public record Tenant(UUID id, String name, String callbackSecret, Instant createdAt) {
}
