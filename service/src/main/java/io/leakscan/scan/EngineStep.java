package io.leakscan.scan;

import io.leakscan.ToolVersion;
import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Verdict;
import io.leakscan.engine.PlannedTraffic;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.engine.ScanEngine;
import io.leakscan.engine.ScanFailure;
import io.leakscan.engine.ScanListener;
import io.leakscan.engine.ScanEnd;
import io.leakscan.engine.ScanOutcome;
import io.leakscan.engine.ScanPhase;
import io.leakscan.engine.ScanPlan;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ScanProfile;
import io.leakscan.report.OutcomeReports;
import io.leakscan.report.ScanReport;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The scan itself: runs the {@link ScanEngine} (discovery, baseline, load and abort rounds, key cardinality,
 * analysis) for the accepted {@link ScanSpec}, streams its samples into the database as they come, and stores the
 * report, findings and verdict before the scan turns final.
 *
 * <p>{@code leakscan.scan.engine.enabled=false} leaves it out of the pipeline: the queue's own tests use that to
 * exercise claiming, cancelling and reaping without sending load.
 */
@Component
@Order(EngineStep.ORDER)
@ConditionalOnProperty(name = "leakscan.scan.engine.enabled", havingValue = "true", matchIfMissing = true)
class EngineStep implements ScanStep {

    static final int ORDER = 200;
    private static final Logger log = LoggerFactory.getLogger(EngineStep.class);

    private final ScanEngine engine;
    private final ScanMetrics metrics;

    EngineStep(ScanEngine engine, ScanMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "scan";
    }

    @Override
    public int weight() {
        return 20;
    }

    @Override
    public void run(ScanContext ctx) {
        ctx.throwIfCancelled();
        ResolvedInventory inventory = ctx.get(InventoryStep.RESOLVED).orElse(null);
        ScanPlan plan = plan(ctx.spec(), engine.serverMaxima(),
                inventory == null ? List.of() : inventory.endpoints());
        if (!plan.limits().maxDuration().equals(ctx.spec().limits().maxDuration())) {
            ctx.recordMaxDuration(plan.limits().maxDuration());
        }
        CancellationToken token = new CancellationToken();
        ctx.cancellation().onCancel(() -> token.cancel(
                ctx.cancellation().reason().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse("cancelled")));
        Listener listener = new Listener(ctx);
        ScanOutcome outcome;
        try {
            outcome = engine.run(plan, ctx.get(PreflightStep.PASSED).orElse(null), listener, token);
        } finally {
            listener.drainSamples();
        }
        metrics.sampled(outcome.samplerStats());
        if (outcome.status() == ScanEnd.CANCELLED
                && ctx.cancellation().reason().orElse(null) == ScanCancellation.Reason.TIMEOUT) {
            // the worker's deadline, not a person, stopped it: the report must say what the scan resource says
            outcome = new ScanOutcome(ScanEnd.FAILED, new ScanFailure("SCAN_TIMEOUT",
                    "The scan did not finish within its time limit (leakscan.worker.scan-timeout)."),
                    outcome.fingerprint(), outcome.discovery(), outcome.analysis(), outcome.endpoints(),
                    outcome.samples(), outcome.profiles(), outcome.samplerStats(), outcome.restarts(),
                    outcome.timings());
        }

        ScanReport report = OutcomeReports.of(ctx.scanId().toString(), plan, outcome, ToolVersion.current())
                .withInventory(inventory == null ? null : inventory.summary());
        ctx.recordResults(report, outcome.profiles());
        ctx.recordOutcome(new AnalysisResult(report.verdict(), report.summary(), report.findings()));
        switch (outcome.status()) {
            case SUCCEEDED -> ctx.progress(100);
            case FAILED -> throw new ScanFailedException(outcome.failure().code(), outcome.failure().message());
            case CANCELLED -> {
                ctx.throwIfCancelled();
                throw new ScanFailedException("ENGINE_CANCELLED", "The scan engine stopped the scan on its own.");
            }
        }
    }

    /**
     * The engine's plan for an accepted request: its endpoints, then those its description gave ({@code GET /} when
     * there are none at all), profile, tuning and limits.
     */
    static ScanPlan plan(ScanSpec spec, ProbeLimits serverMaxima, List<ScanEndpoint> fromDescription) {
        List<ScanEndpoint> endpoints = new ArrayList<>(IntStream.range(0, spec.endpoints().size())
                .mapToObj(i -> new ScanEndpoint(new EndpointRef(spec.endpoints().get(i).method(), spec.route(i)),
                        spec.endpoints().get(i)))
                .toList());
        endpoints.addAll(fromDescription);
        if (endpoints.isEmpty()) {
            endpoints.add(ScanEndpoint.of(Endpoint.get("/")));
        }
        Map<Signal, String> pointers = new EnumMap<>(Signal.class);
        spec.jsonPointers().forEach((signal, pointer) -> pointers.put(Signal.valueOf(signal), pointer));
        ScanLimits limits = spec.limits();
        ProbeLimits asked = new ProbeLimits(limits.maxRequestsPerSecond(), limits.maxConcurrency(),
                serverMaxima.maxTotalRequests(), limits.maxDuration());
        ScanPlan draft = new ScanPlan(spec.target(), List.copyOf(endpoints),
                ScanProfile.named(spec.profile().wire()), spec.tuning().overrides(), spec.echoSpecific(),
                spec.telemetryPaths(), pointers, asked.within(serverMaxima));
        return limits.durationFromPlan() ? withRoom(draft, serverMaxima) : draft;
    }

    /**
     * {@code draft} with a duration limit that holds its plan (twice its rate floor plus five minutes) when the
     * default is shorter, never beyond the server's maximum: memory on the lab's 29-route shop service needs at least
     * 18 minutes. A plan the maximum cannot hold either is left to the engine, which refuses it with the figures.
     */
    static ScanPlan withRoom(ScanPlan draft, ProbeLimits serverMaxima) {
        Duration need;
        try {
            need = PlannedTraffic.of(draft, serverMaxima, true).room(draft.limits()).maxDuration();
        } catch (IllegalArgumentException e) {
            return draft; // tuning above the maxima: the engine refuses the plan with the reason
        }
        ProbeLimits limits = draft.limits();
        Duration duration = need.compareTo(serverMaxima.maxDuration()) > 0 ? serverMaxima.maxDuration() : need;
        if (duration.compareTo(limits.maxDuration()) <= 0) {
            return draft;
        }
        return draft.withLimits(new ProbeLimits(limits.maxRequestsPerSecond(), limits.maxConcurrency(),
                limits.maxTotalRequests(), duration));
    }

    /** Maps the engine's callbacks onto the scan row; never throws into the engine. */
    private static final class Listener implements ScanListener {

        private final ScanContext ctx;
        private final SampleWriter samples;

        Listener(ScanContext ctx) {
            this.ctx = ctx;
            this.samples = new SampleWriter(ctx);
        }

        /** Waits for the samples handed over so far to be written (before the results are stored). */
        void drainSamples() {
            samples.drain();
        }

        @Override
        public void phase(ScanPhase phase, EndpointRef endpoint) {
            quietly("phase", () -> ctx.stage(phase.name().toLowerCase(Locale.ROOT).replace('_', '-'), endpoint));
        }

        @Override
        public void progress(double fraction, int endpointsDone, int endpointsTotal) {
            quietly("progress", () -> ctx.progress((int) Math.floor(fraction * 100)));
        }

        @Override
        public void preflightPassed(EchoFingerprint fingerprint) {
            quietly("fingerprint", () -> ctx.recordFingerprint(fingerprint));
        }

        @Override
        public void discovered(DiscoveryReport report) {
            quietly("discovery", () -> ctx.recordDiscovery(report));
        }

        @Override
        public void samples(List<Sample> batch) {
            samples.write(batch);
        }

        @Override
        public void interimResult(AnalysisResult result, Duration sinceStart) {
            // Findings show on the running scan as soon as they are measured; "clean so far" is not a verdict yet.
            if (result.verdict() == Verdict.LEAKS_FOUND) {
                quietly("interim result", () -> ctx.recordOutcome(result));
            }
        }

        private void quietly(String what, Runnable write) {
            try {
                write.run();
            } catch (RuntimeException e) {
                // A lost database write must not end the scan: the final results are written again at the end.
                log.warn("Scan {}: could not record {}: {}", ctx.scanId(), what, e.toString());
            }
        }
    }
}
