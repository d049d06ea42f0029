package io.leakscan.scan;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.target.EchoFingerprint;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What a {@link ScanPhase} gets: the request, progress reporting, cancellation, and places to put results. */
public interface ScanContext {

    UUID scanId();

    UUID tenantId();

    /** 1 on the first run; higher when the scan was taken over after its worker was lost. */
    int attempt();

    /** The accepted request: target, endpoints, profile, limits. */
    ScanSpec spec();

    /** The clock to read for every schedule and timeout. */
    Clock clock();

    ScanCancellation cancellation();

    /** Shorthand for {@code cancellation().throwIfCancelled()}. */
    default void throwIfCancelled() {
        cancellation().throwIfCancelled();
    }

    /**
     * Progress of the running phase, 0 to 100; the pipeline maps it onto the scan's overall progress by the phases'
     * weights and writes it only when the overall percentage changes.
     */
    void progress(int percentOfPhase);

    /** Stores the Echo fingerprint on the scan (shown in the API). */
    void recordFingerprint(EchoFingerprint fingerprint);

    /** Stores what telemetry discovery found, as JSON (any Jackson-serialisable value). */
    void recordDiscovery(Object discovery);

    /** Stores the verdict, summary and finding counts by severity. Findings themselves are stored by their module. */
    void recordOutcome(AnalysisResult result);

    /** Hands a value to later phases of the same run (e.g. discovered telemetry sources, the baseline). */
    <T> void put(Key<T> key, T value);

    <T> Optional<T> get(Key<T> key);

    /** A typed name for {@link #put}/{@link #get}; declare one as a constant next to the phase that produces it. */
    record Key<T>(String name, Class<T> type) {
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
