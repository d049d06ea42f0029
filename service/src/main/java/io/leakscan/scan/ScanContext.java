package io.leakscan.scan;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.report.ScanReport;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.ProfileSnapshot;
import io.leakscan.telemetry.Sample;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What a {@link ScanStep} gets: the request, progress reporting, cancellation, and places to put results. */
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

    /**
     * Names what the running phase is doing right now (e.g. {@code probing}) and the endpoint under test (null
     * outside per-endpoint work); shown as the scan's phase until the next phase begins.
     */
    void stage(String stage, EndpointRef endpoint);

    /** Appends telemetry readings (in time order) to the scan's samples. */
    void recordSamples(List<Sample> samples);

    /**
     * Stores the scan's report and its goroutine profile snapshots; call once, when the engine is done, before the
     * phase returns. The verdict and findings are {@link #recordOutcome}'s job.
     */
    void recordResults(ScanReport report, List<ProfileSnapshot> profiles);

    /**
     * Stores the duration limit the worker sized from the plan (a scan that asked for none), so the scan resource
     * shows the limit the scan runs under rather than the default it started from.
     */
    void recordMaxDuration(Duration maxDuration);

    /** Stores the Echo fingerprint on the scan (shown in the API). */
    void recordFingerprint(EchoFingerprint fingerprint);

    /** Stores what telemetry discovery found, as JSON (any Jackson-serialisable value). */
    void recordDiscovery(Object discovery);

    /**
     * Stores the verdict, summary and finding counts on the scan, and the findings themselves; may be called while
     * the scan runs (findings so far) and again at its end.
     */
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
