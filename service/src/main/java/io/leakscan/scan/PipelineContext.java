package io.leakscan.scan;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.report.ScanReport;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.ProfileSnapshot;
import io.leakscan.telemetry.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@link ScanContext} of one run on this node; its writes go through {@link ScanQueue}, guarded by ownership. */
class PipelineContext implements ScanContext {

    private static final Logger log = LoggerFactory.getLogger(PipelineContext.class);

    private final ScanQueue.Claimed claimed;
    private final ScanSpec spec;
    private final String node;
    private final ScanQueue queue;
    private final JsonMapper json;
    private final Clock clock;
    private final ScanCancellation cancellation;
    private final ScanResultStore results;
    private final Map<Key<?>, Object> values = new ConcurrentHashMap<>();
    private final AtomicInteger nextSampleSeq = new AtomicInteger();
    /** Fingerprint or discovery JSON the database refused, by column, to write with the results. */
    private final Map<String, String> unwrittenJson = new ConcurrentHashMap<>();

    private volatile String phase;
    private volatile int phaseStart;
    private volatile int phaseWeight;
    private volatile int totalWeight = 1;
    private volatile int lastReported = -1;

    PipelineContext(ScanQueue.Claimed claimed, ScanSpec spec, String node, ScanQueue queue, ScanResultStore results,
                    JsonMapper json, Clock clock, ScanCancellation cancellation) {
        this.results = results;
        this.claimed = claimed;
        this.spec = spec;
        this.node = node;
        this.queue = queue;
        this.json = json;
        this.clock = clock;
        this.cancellation = cancellation;
    }

    void enter(String phase, int doneWeight, int weight, int totalWeight) {
        this.phase = phase;
        this.phaseStart = doneWeight;
        this.phaseWeight = weight;
        this.totalWeight = totalWeight;
        this.lastReported = -1;
        shown("stage", () -> queue.stage(claimed.id(), node, claimed.attempt(), phase, null));
        progress(0);
    }

    @Override
    public UUID scanId() {
        return claimed.id();
    }

    @Override
    public UUID tenantId() {
        return claimed.tenantId();
    }

    @Override
    public int attempt() {
        return claimed.attempt();
    }

    @Override
    public ScanSpec spec() {
        return spec;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ScanCancellation cancellation() {
        return cancellation;
    }

    @Override
    public synchronized void progress(int percentOfPhase) {
        int pct = Math.clamp(percentOfPhase, 0, 100);
        int overall = (int) ((phaseStart * 100L + (long) phaseWeight * pct) / totalWeight);
        overall = Math.clamp(overall, 0, 100);
        if (overall != lastReported) {
            lastReported = overall;
            int shown = overall;
            shown("progress", () -> queue.progress(claimed.id(), node, claimed.attempt(), phase, shown));
        }
    }

    @Override
    public void stage(String stage, EndpointRef endpoint) {
        this.phase = stage; // progress writes carry the phase: keep them from undoing this
        shown("stage", () -> queue.stage(claimed.id(), node, claimed.attempt(), stage,
                endpoint == null ? null : endpoint.method() + " " + endpoint.path()));
    }

    /**
     * Progress and stage are only shown to the people watching: while the database is away the scan carries on
     * without them (it used to crash with INTERNAL_ERROR at its next progress write, a database blip in a busy pool
     * included); the next write shows the state again.
     */
    private void shown(String what, Runnable write) {
        try {
            write.run();
        } catch (DataAccessException | TransactionException e) {
            log.warn("Scan {}: could not record {}: {}", claimed.id(), what, e.toString());
        }
    }

    /**
     * The fingerprint and discovery are shown with the scan, and the report carries them too: a refused write keeps
     * the value and writes it again with the results, rather than failing a scan whose target answered.
     */
    private void recordJson(String column, Object value) {
        String body = json.writeValueAsString(value);
        unwrittenJson.put(column, body);
        writeJson(column, body);
    }

    private void writeJson(String column, String body) {
        try {
            queue.recordJson(claimed.id(), node, claimed.attempt(), column, body);
            unwrittenJson.remove(column, body);
        } catch (DataAccessException | TransactionException e) {
            log.warn("Scan {}: could not record {} (written again with the results): {}", claimed.id(), column,
                    e.toString());
        }
    }

    @Override
    public synchronized void recordSamples(List<Sample> samples) {
        // synchronized: sequence numbers follow the order the batches arrive in; a refused batch takes none, so the
        // one written when the database is back continues the numbering without a gap
        results.appendSamples(claimed.id(), node, claimed.attempt(), nextSampleSeq.get(), samples);
        nextSampleSeq.addAndGet(samples.size());
    }

    @Override
    public void recordResults(ScanReport report, List<ProfileSnapshot> profiles) {
        Map.copyOf(unwrittenJson).forEach(this::writeJson);
        results.storeResults(claimed.id(), node, claimed.attempt(), report, profiles, clock.instant());
    }

    @Override
    public void recordMaxDuration(Duration maxDuration) {
        try {
            queue.recordMaxDuration(claimed.id(), node, claimed.attempt(), maxDuration);
        } catch (DataAccessException | TransactionException e) {
            // only what the resource shows: the scan runs under the sized limit either way
            log.warn("Scan {}: could not record its sized duration {}: {}", claimed.id(), maxDuration, e.toString());
        }
    }

    @Override
    public void recordFingerprint(EchoFingerprint fingerprint) {
        recordJson("fingerprint", fingerprint);
    }

    @Override
    public void recordDiscovery(Object discovery) {
        recordJson("discovery", discovery);
    }

    @Override
    public void recordOutcome(AnalysisResult result) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        result.countsBySeverity().forEach((severity, n) -> counts.put(severity.name(), n));
        results.storeFindings(claimed.id(), node, claimed.attempt(), result.findings());
        queue.recordOutcome(claimed.id(), node, claimed.attempt(), result.verdict().name(), result.summary(),
                json.writeValueAsString(counts));
    }

    @Override
    public <T> void put(Key<T> key, T value) {
        values.put(key, key.type().cast(value));
    }

    @Override
    public <T> Optional<T> get(Key<T> key) {
        return Optional.ofNullable(values.get(key)).map(key.type()::cast);
    }
}
