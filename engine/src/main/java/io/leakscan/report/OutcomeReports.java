package io.leakscan.report;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.LatencyPercentiles;
import io.leakscan.analysis.UncheckedEndpoints;
import io.leakscan.analysis.Verdict;
import io.leakscan.engine.EndpointReport;
import io.leakscan.engine.ErrorInput;
import io.leakscan.engine.RoundReport;
import io.leakscan.engine.ScanEnd;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.engine.ScanFailure;
import io.leakscan.engine.ScanOutcome;
import io.leakscan.engine.ScanPlan;
import io.leakscan.probe.ErrorCause;
import io.leakscan.probe.Latency;
import io.leakscan.probe.RoundTraffic;
import io.leakscan.probe.TrafficKind;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.SourceFormat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns what the engine returned into the one report model. A pure function of its arguments: the CLI calls it after
 * an in-process scan, the service after its engine phase, and both render the same bytes from the result.
 */
public final class OutcomeReports {

    private OutcomeReports() {
    }

    /**
     * The report of one scan.
     *
     * <p>A SUCCEEDED outcome becomes a SUCCEEDED report with the analysis' verdict and findings. A FAILED or
     * CANCELLED outcome keeps its status and failure; when the engine analysed what it measured before stopping,
     * that analysis' findings are kept (a leak seen before the target crashed is still a leak), unless its verdict
     * is CLEAN: a scan that did not finish cannot call a target clean, so it becomes
     * {@link ScanReport#failed} (INCONCLUSIVE, no findings).
     *
     * @param scanId      the scan's id (the service's scan id, or one the CLI made up)
     * @param plan        the plan the engine ran: target, profile, endpoints in order
     * @param outcome     what {@code ScanEngine.run} returned for that plan
     * @param toolVersion Leakscan's version, for the metadata
     */
    public static ScanReport of(String scanId, ScanPlan plan, ScanOutcome outcome, String toolVersion) {
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(toolVersion, "toolVersion");
        ScanEnd status = outcome.status();
        ScanFailure failure = status == ScanEnd.SUCCEEDED ? null : failure(outcome);
        ScanMetadata meta = ScanMetadata.of(scanId, plan.target().baseUrl().toString(),
                plan.profile().name().toLowerCase(Locale.ROOT), plan.echoSpecific(), toolVersion, status,
                outcome.timings().startedAt(), outcome.timings().finishedAt(), failure, outcome.fingerprint());
        Set<Signal> offered = offeredSignals(outcome.discovery());
        List<DiscoveredTelemetry> telemetry = telemetry(outcome.discovery());
        List<EndpointStats> endpoints = endpoints(plan, outcome, offered);
        TimeSeries series = TimeSeries.fromSamples(outcome.samples());
        AnalysisResult analysis = outcome.analysis();
        if (status == ScanEnd.SUCCEEDED) {
            if (analysis == null) {
                // The engine promises an analysis on success; say so rather than invent a verdict.
                throw new IllegalArgumentException("a SUCCEEDED outcome without an analysis");
            }
            return ScanReport.of(meta, telemetry, endpoints, series, analysis);
        }
        if (analysis == null || analysis.verdict() == Verdict.CLEAN) {
            return ScanReport.failed(meta, telemetry, endpoints, series);
        }
        String summary = "The scan did not complete (" + failure.code() + "): " + failure.message()
                + " What it measured before stopping: " + analysis.summary();
        return new ScanReport(ScanReport.SCHEMA_VERSION, meta, telemetry, endpoints, series, analysis.verdict(),
                summary, null, analysis.findings());
    }

    private static ScanFailure failure(ScanOutcome outcome) {
        if (outcome.failure() == null) {
            return new ScanFailure("CANCELLED", "the scan was cancelled before it finished.");
        }
        String code = outcome.failure().code().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        if (!code.matches("[A-Z].*")) {
            code = "ENGINE_ERROR";
        }
        String message = outcome.failure().message().isBlank() ? code : outcome.failure().message();
        return new ScanFailure(code, message);
    }

    // ------------------------------------------------------------------------------------------------ telemetry

    /** The signals of the sources the sampler read: the chosen source of each capability (as the engine does). */
    static Set<Signal> offeredSignals(DiscoveryReport discovery) {
        Set<Signal> offered = EnumSet.noneOf(Signal.class);
        if (discovery != null) {
            for (DiscoveryReport.Offer o : discovery.offered().values()) {
                discovery.probe(o.chosen()).ifPresent(p -> offered.addAll(p.signals()));
            }
        }
        return offered;
    }

    /** Every signal, found (with the chosen source that carries it) or missing; empty before discovery ran. */
    private static List<DiscoveredTelemetry> telemetry(DiscoveryReport discovery) {
        if (discovery == null) {
            return List.of();
        }
        Map<Signal, DiscoveryReport.Probe> chosen = new HashMap<>();
        // Capability order makes the choice stable: the goroutine count's source before a later one with the same signal.
        discovery.offered().values().stream()
                .sorted(Comparator.comparing(DiscoveryReport.Offer::capability))
                .forEach(o -> discovery.probe(o.chosen())
                        .ifPresent(p -> p.signals().forEach(s -> chosen.putIfAbsent(s, p))));
        long usable = discovery.probes().stream().filter(DiscoveryReport.Probe::usable).count();
        List<DiscoveredTelemetry> out = new ArrayList<>();
        for (Signal s : Signal.values()) {
            DiscoveryReport.Probe p = chosen.get(s);
            if (p != null) {
                out.add(DiscoveredTelemetry.found(s, p.path(), format(p.format())));
            } else {
                out.add(DiscoveredTelemetry.missing(s, usable == 0
                        ? "no telemetry on any of the " + discovery.probes().size() + " paths tried"
                        : "none of the " + usable + " telemetry sources found carries it"));
            }
        }
        return out;
    }

    /** {@code GOROUTINE_DEBUG1} -> {@code goroutine-debug1}: lower-case words for a report. */
    static String format(SourceFormat f) {
        return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ------------------------------------------------------------------------------------------------ endpoints

    /** One entry per planned endpoint, in plan order; endpoints the scan never reached have no rounds. */
    private static List<EndpointStats> endpoints(ScanPlan plan, ScanOutcome outcome, Set<Signal> offered) {
        Map<EndpointRef, EndpointReport> reports = new LinkedHashMap<>();
        outcome.endpoints().forEach(r -> reports.putIfAbsent(r.route(), r));
        List<EndpointRef> order = new ArrayList<>();
        plan.endpoints().stream().map(ScanEndpoint::route).forEach(order::add);
        reports.keySet().stream().filter(r -> !order.contains(r)).forEach(order::add);
        Set<EndpointRef> leaking = outcome.analysis() == null ? Set.of()
                : UncheckedEndpoints.leaking(outcome.analysis().findings());
        List<EndpointStats> out = new ArrayList<>();
        for (EndpointRef route : order.stream().distinct().toList()) {
            EndpointReport r = reports.get(route);
            out.add(r == null ? notReached(route) : stats(r, plan.echoSpecific(), offered, leaking.contains(route)));
        }
        return out;
    }

    private static EndpointStats notReached(EndpointRef route) {
        List<CheckRun> checks = new ArrayList<>();
        for (Check c : Check.values()) {
            if (!c.applicationWide()) {
                checks.add(CheckRun.skipped(c, "the scan ended before this endpoint was probed"));
            }
        }
        return new EndpointStats(route, 0, 0, Map.of(), Map.of(), null, checks);
    }

    private static EndpointStats stats(EndpointReport r, boolean echoSpecific, Set<Signal> offered, boolean leaking) {
        List<RoundReport> analyzed = r.rounds().stream().filter(RoundReport::analyzed).toList();
        Map<String, Long> statuses = new HashMap<>();
        Map<String, Long> errors = new HashMap<>();
        for (RoundReport rr : r.rounds()) {
            RoundTraffic round = rr.round();
            round.statusHistogram().forEach((code, n) -> statuses.merge(String.valueOf(code), n, Long::sum));
            round.errors().forEach((cause, n) -> errors.merge(cause(cause), n, Long::sum));
            if (round.aborted() > 0) {
                errors.merge("aborted by scanner", round.aborted(), Long::sum);
            }
            if (round.interrupted() > 0) {
                errors.merge("interrupted by the scan stopping", round.interrupted(), Long::sum);
            }
        }
        return new EndpointStats(r.route(), analyzed.size(), r.requestsSent(), statuses, errors, latency(analyzed),
                checks(r, analyzed, echoSpecific, offered, leaking));
    }

    /**
     * The worst round's percentiles (each the maximum over the measured rounds): rounds keep summaries, not every
     * latency, so exact merged percentiles are not available, and the worst round is what a drift would show in.
     */
    private static LatencyPercentiles latency(List<RoundReport> analyzed) {
        List<Latency> measured = analyzed.stream().map(rr -> rr.round().latency()).filter(l -> l.samples() > 0)
                .toList();
        if (measured.isEmpty()) {
            return null;
        }
        double p50 = measured.stream().mapToDouble(Latency::p50Millis).max().orElseThrow();
        double p95 = measured.stream().mapToDouble(Latency::p95Millis).max().orElseThrow();
        double p99 = measured.stream().mapToDouble(Latency::p99Millis).max().orElseThrow();
        return new LatencyPercentiles(p50, Math.max(p50, p95), Math.max(Math.max(p50, p95), p99));
    }

    private static String cause(ErrorCause cause) {
        return switch (cause) {
            case CONNECT_REFUSED -> "connection refused";
            case TIMEOUT -> "timeout";
            case RESET -> "connection reset";
            case TLS -> "tls";
            case NOT_ALLOWED -> "refused by the target policy";
            case OTHER -> "other";
        };
    }

    /** Which checks could run on this endpoint, from the telemetry the target offered and the rounds it got. */
    private static List<CheckRun> checks(EndpointReport r, List<RoundReport> analyzed, boolean echoSpecific,
                                         Set<Signal> offered, boolean leaking) {
        List<CheckRun> checks = new ArrayList<>();
        if (analyzed.isEmpty()) {
            for (Check c : Check.values()) {
                if (!c.applicationWide()) {
                    checks.add(CheckRun.skipped(c, "the scan stopped before a measured round on this endpoint"));
                }
            }
            return checks;
        }
        boolean goroutines = offered.contains(Signal.GOROUTINES);
        boolean heap = offered.contains(Signal.HEAP_AFTER_GC_BYTES);
        // without a forced GC the analysis judges the heap per GC cycle from the GC's own figures
        boolean gcHeap = !heap && offered.contains(Signal.GC_COUNT)
                && (offered.contains(Signal.HEAP_ALLOC_BYTES) || offered.contains(Signal.HEAP_LIVE_BYTES));
        checks.add(goroutines ? CheckRun.ran(Check.GOROUTINES)
                : CheckRun.skipped(Check.GOROUTINES, "no goroutine telemetry"));
        boolean aborted = analyzed.stream().anyMatch(rr -> rr.round().kind() == TrafficKind.ABORT);
        checks.add(!goroutines ? CheckRun.skipped(Check.ABORTS, "no goroutine telemetry")
                : aborted ? CheckRun.ran(Check.ABORTS) : CheckRun.skipped(Check.ABORTS, leaking
                ? "a leak was already found on it, so what aborted ones leave could not be told apart"
                : "no abort round ran on it (the scan stopped first, or no request to it completed)"));
        checks.add(heap || gcHeap ? CheckRun.ran(Check.HEAP) : CheckRun.skipped(Check.HEAP,
                "no post-GC heap telemetry, nor a GC count with a heap figure"));
        boolean keyRounds = analyzed.stream().anyMatch(rr -> rr.round().key() != null);
        checks.add(!keyRounds ? CheckRun.skipped(Check.KEY_CARDINALITY, echoSpecific
                ? "no client-controlled key rounds ran" : "no client-controlled key rounds ran (not Echo-specific)")
                : goroutines || heap ? CheckRun.ran(Check.KEY_CARDINALITY)
                : CheckRun.skipped(Check.KEY_CARDINALITY, "no goroutine or post-GC heap telemetry"));
        checks.add(offered.contains(Signal.OPEN_FDS) ? CheckRun.ran(Check.FDS)
                : CheckRun.skipped(Check.FDS, "no open file descriptor telemetry"));
        List<String> inputs = r.rounds().stream().map(RoundReport::input).filter(Objects::nonNull).distinct()
                .sorted().map(ErrorInput::id).toList();
        checks.add(!inputs.isEmpty() ? CheckRun.ran(Check.WRONG_INPUTS, inputs) : CheckRun.skipped(Check.WRONG_INPUTS,
                !echoSpecific ? "no wrong-input rounds ran (not Echo-specific)"
                : r.streaming() ? "responses never complete (probed with client aborts)"
                : leaking ? "a leak was already found on it, so what rejected requests leave could not be told apart"
                : "no wrong-input round ran on it (the scan stopped first)"));
        boolean timed = analyzed.stream().anyMatch(rr -> rr.round().completed() > 0);
        checks.add(timed ? CheckRun.ran(Check.LATENCY) : CheckRun.skipped(Check.LATENCY, r.streaming()
                ? "responses never complete (probed with client aborts)" : "no request completed"));
        return checks;
    }
}
