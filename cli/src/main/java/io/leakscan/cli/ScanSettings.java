package io.leakscan.cli;

import io.leakscan.probe.ScanProfile;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.inventory.InventorySummary;

import io.leakscan.target.TargetSpec;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code leakscan scan} command line, shared by the local and the server mode.
 *
 * @param inventory what {@code --openapi} loaded and skipped, for the reports; null without a description
 */
record ScanSettings(URI target, List<ScanEndpoint> endpoints, Map<String, String> headers, ScanProfile profile,
                    boolean echoSpecific, List<String> telemetryPaths, Integer rps, Integer concurrency,
                    Duration maxDuration, URI telemetryUrl, Map<String, String> telemetryHeaders, Tuning tuning,
                    InventorySummary inventory) {

    ScanSettings {
        tuning = tuning == null ? Tuning.NONE : tuning;
    }

    /** The target as the engine and the service take it: load on {@code target}, telemetry on its own URL if given. */
    TargetSpec targetSpec() {
        return new TargetSpec(target, headers, telemetryUrl, telemetryHeaders);
    }
}
