package io.leakscan.engine;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.telemetry.Sample;

import java.time.Duration;
import java.util.List;

/**
 * Hears a scan as it runs. The service maps it to its scan row and SSE, the CLI to a progress bar. Calls come from
 * the scan's thread, except {@link #samples} which may come from the sampler's; keep every call quick and never
 * throw: an exception from the scan's thread ends the scan as FAILED with {@code ENGINE_ERROR}.
 */
public interface ScanListener {

    ScanListener NONE = new ScanListener() {
    };

    /** A new phase began; {@code endpoint} is set for the per-endpoint phases. */
    default void phase(ScanPhase phase, EndpointRef endpoint) {
    }

    /** Overall progress from 0 to 1 (by endpoints and phases done), with the endpoints done so far. */
    default void progress(double fraction, int endpointsDone, int endpointsTotal) {
    }

    default void preflightPassed(EchoFingerprint fingerprint) {
    }

    default void discovered(DiscoveryReport report) {
    }

    /** A round against an endpoint finished (warm-up and pilot rounds included, marked as not analyzed). */
    default void round(EndpointRef endpoint, RoundReport round) {
    }

    default void endpointFinished(EndpointReport report) {
    }

    /** Telemetry readings in time order, in batches, for persistence; never empty. */
    default void samples(List<Sample> batch) {
    }

    /**
     * The analysis of everything observed so far, after each endpoint: findings appear here as soon as they are
     * measurable, before the scan ends.
     */
    default void interimResult(AnalysisResult result, Duration sinceStart) {
    }
}
