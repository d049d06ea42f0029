package io.leakscan.scan;

import io.leakscan.probe.ProfileOverrides;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Duration;

/**
 * Per-scan tuning of the profile (docs/profiles.md): every field is optional and replaces the profile's value. The
 * traffic figures are still capped by the scan's limits and the server's maxima.
 */
@Schema(name = "ScanTuning", description = "Optional overrides of the profile's parameters (docs/profiles.md)")
public record ScanTuning(
        @PositiveOrZero @Max(600) @Schema(description = "Seconds of baseline sampling before any load")
        Integer baselineSeconds,
        @Positive @Max(50) @Schema(description = "Load rounds per endpoint")
        Integer loadRounds,
        @Positive @Max(100_000) @Schema(description = "Requests per load round")
        Integer requestsPerRound,
        @Positive @Max(1_000) @Schema(description = "Requests in flight during a load round")
        Integer concurrency,
        @Positive @Max(100_000) @Schema(description = "Request rate of a load round")
        Integer requestsPerSecond,
        @PositiveOrZero @Max(600) @Schema(description = "Seconds of settle window watched after the load")
        Integer settleSeconds,
        @PositiveOrZero @Max(100_000) @Schema(description = "Client aborts per endpoint (0: none)")
        Integer abortRequests,
        @Positive @Max(60_000) @Schema(description = "Milliseconds after which an aborting client hangs up")
        Integer abortAfterMillis,
        @PositiveOrZero @Max(100_000) @Schema(description = "Requests per key-cardinality round (0: no such rounds)")
        Integer keyRequests) {

    public static final ScanTuning NONE = new ScanTuning(null, null, null, null, null, null, null, null, null);

    ProfileOverrides overrides() {
        return new ProfileOverrides(seconds(baselineSeconds), loadRounds, requestsPerRound, concurrency,
                requestsPerSecond == null ? null : requestsPerSecond.doubleValue(), null, seconds(settleSeconds),
                abortRequests, null, abortAfterMillis == null ? null : Duration.ofMillis(abortAfterMillis), keyRequests,
                null);
    }

    private static Duration seconds(Integer s) {
        return s == null ? null : Duration.ofSeconds(s);
    }
}
