package io.leakscan.scan;

import io.leakscan.ToolVersion;
import io.leakscan.analysis.Finding;
import io.leakscan.engine.ScanEnd;
import io.leakscan.engine.ScanFailure;
import io.leakscan.report.Downsampler;
import io.leakscan.report.ScanMetadata;
import io.leakscan.report.ScanReport;
import io.leakscan.report.TimeSeries;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a scan measured and concluded, for the API, the dashboard and webhooks: its samples (downsampled on request),
 * findings and report. Every read is tenant-scoped: another tenant's scan does not exist.
 */
@Service
public class ScanResults {

    /** Most samples one response carries; more are downsampled. */
    public static final int MAX_POINTS = 20_000;

    private final ScanStore scans;
    private final ScanResultStore results;
    private final JsonMapper json;

    ScanResults(ScanStore scans, ScanResultStore results, JsonMapper json) {
        this.scans = scans;
        this.results = results;
        this.json = json;
    }

    /**
     * The scan's report once it is final. A scan that ended before the engine stored one (failed preflight, cancelled
     * while queued, lost worker) gets a report built from its row: verdict INCONCLUSIVE, the failure as summary.
     *
     * @return empty when the scan is unknown to the tenant or still queued or running
     */
    public Optional<ScanReport> report(UUID tenantId, UUID scanId) {
        return scans.find(tenantId, scanId).filter(row -> row.status().isFinal()).map(this::report);
    }

    /** The findings stored so far (a running scan shows those measured already), most severe first. */
    public List<Finding> findings(UUID tenantId, UUID scanId) {
        return scans.find(tenantId, scanId).map(row -> results.findings(row.id())).orElse(List.of());
    }

    /**
     * Goroutines, heap and open fds over time, downsampled to {@code maxPoints}; works while the scan runs. Once
     * retention deleted the samples, the series the report kept.
     */
    public TimeSeries series(UUID tenantId, UUID scanId, int maxPoints) {
        return scans.find(tenantId, scanId)
                .map(row -> results.samplesPurgedAt(row.id()).isPresent() ? report(row).series()
                        : TimeSeries.fromSamples(results.samples(row.id()), clampPoints(maxPoints)))
                .orElse(TimeSeries.empty());
    }

    /** The samples themselves (every signal), downsampled to {@code maxPoints} keeping the extremes of each series. */
    public Optional<SampleSet> samples(UUID tenantId, UUID scanId, int maxPoints) {
        return scans.find(tenantId, scanId).map(row -> {
            List<Sample> all = results.samples(row.id());
            return new SampleSet(row.id(), all.size(), downsample(all, clampPoints(maxPoints)),
                    results.samplesPurgedAt(row.id()).orElse(null));
        });
    }

    /**
     * @param total    samples stored; {@code samples} may hold fewer when downsampled
     * @param purgedAt when retention deleted them (the report keeps the charted series), or null
     */
    public record SampleSet(UUID scanId, int total, List<Sample> samples, Instant purgedAt) {
    }

    ScanReport report(ScanRow row) {
        return results.report(row.id()).orElseGet(() -> reportFromRow(row));
    }

    private ScanReport reportFromRow(ScanRow row) {
        Instant started = row.startedAt() != null ? row.startedAt() : row.queuedAt();
        Instant finished = row.finishedAt() != null && !row.finishedAt().isBefore(started) ? row.finishedAt() : started;
        ScanEnd status = switch (row.status()) {
            case CANCELLED -> ScanEnd.CANCELLED;
            default -> ScanEnd.FAILED;
        };
        ScanFailure failure = row.failureCode() != null
                ? new ScanFailure(row.failureCode(), row.failureMessage() == null ? row.failureCode() : row.failureMessage())
                : row.status() == ScanState.CANCELLED
                ? new ScanFailure("CANCELLED", "The scan was cancelled before it measured anything.")
                : new ScanFailure("NO_RESULTS", "The scan ended without results.");
        EchoFingerprint echo = row.fingerprint() == null ? null : json.readValue(row.fingerprint(), EchoFingerprint.class);
        ScanMetadata metadata = ScanMetadata.of(row.id().toString(), row.targetBaseUrl(), row.profile().wire(),
                row.echoSpecific(), ToolVersion.current(), status, started, finished, failure, echo);
        List<Sample> samples = results.samples(row.id());
        return ScanReport.failed(metadata, List.of(), List.of(), TimeSeries.fromSamples(samples));
    }

    private static int clampPoints(int maxPoints) {
        return Math.clamp(maxPoints, 2, MAX_POINTS);
    }

    private static List<Sample> downsample(List<Sample> all, int maxPoints) {
        if (all.size() <= maxPoints) {
            return all;
        }
        List<double[]> columns = new ArrayList<>();
        for (Signal signal : List.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES, Signal.OPEN_FDS)) {
            double[] column = new double[all.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = all.get(i).value(signal).orElse(Double.NaN);
            }
            columns.add(column);
        }
        int[] keep = Downsampler.select(columns, maxPoints);
        List<Sample> out = new ArrayList<>(keep.length);
        for (int i : keep) {
            out.add(all.get(i));
        }
        return out;
    }
}
