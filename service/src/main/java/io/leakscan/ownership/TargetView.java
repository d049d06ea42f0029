package io.leakscan.ownership;

import io.swagger.v3.oas.annotations.media.Schema;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/** A target as the API shows it, with what to publish to verify it. */
public record TargetView(UUID id, String name, URI baseUrl, String host,
                  @Schema(description = "UNVERIFIED, VERIFIED or EXPIRED (the proof's time ran out and the last "
                          + "re-check did not renew it)") OwnedTarget.Status status,
                  @Schema(nullable = true, description = "http or dns: how the last successful check proved it")
                  String verifiedMethod,
                  @Schema(nullable = true) Instant verifiedAt,
                  @Schema(nullable = true, description = "the proof counts until then; re-checks extend it")
                  Instant verifiedUntil,
                  @Schema(nullable = true) Instant lastCheckedAt,
                  @Schema(nullable = true, description = "what the last check saw") String lastCheck,
                  Verification verification, Instant createdAt) {

    /** Where to publish the token, either way. */
    public record Verification(String value, URI httpUrl, String dnsName) {
    }

    public static TargetView of(OwnedTarget t, Instant now) {
        return new TargetView(t.id(), t.name(), t.baseUrl(), t.host(), t.status(now),
                t.verifiedMethod() == null ? null : t.verifiedMethod().wire(), t.verifiedAt(), t.verifiedUntil(),
                t.lastCheckedAt(), t.lastCheck(),
                new Verification(OwnershipCheck.expected(t.token()), OwnershipCheck.httpUrl(t.baseUrl()),
                        OwnershipCheck.dnsName(t.host())),
                t.createdAt());
    }
}
