package io.leakscan.probe;

import java.time.Duration;
import java.util.List;

/**
 * Per-scan tuning of a {@link ScanProfile}: every field is optional (null keeps the profile's value). The API, the CLI
 * and the dashboard map their options onto this record.
 */
public record ProfileOverrides(
        Duration baseline,
        Integer loadRounds,
        Integer requestsPerRound,
        Integer concurrency,
        Double requestsPerSecond,
        Duration roundGap,
        Duration settle,
        Integer abortRequests,
        Integer abortConcurrency,
        Duration abortAfter,
        Integer keyRequests,
        List<KeyPlacement> keyPlacements) {

    public static final ProfileOverrides NONE = new ProfileOverrides(null, null, null, null, null, null, null, null,
            null, null, null, null);
}
