package io.leakscan.engine;

import io.leakscan.analysis.LatencyPercentiles;
import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Analyzer;
import io.leakscan.analysis.EndpointObservation;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.target.EndpointRef;
import io.leakscan.analysis.LoadRound;
import io.leakscan.analysis.ProfileSnapshots;
import io.leakscan.analysis.RoundKind;
import io.leakscan.analysis.ScanObservations;
import io.leakscan.analysis.TelemetryAvailability;
import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.RoundTraffic;
import io.leakscan.telemetry.Capability;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.parse.GoroutineProfile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the scan has observed so far, endpoint by endpoint, and its analysis: the final one and the interim ones the
 * listener sees while the scan runs.
 */
final class ScanEvidence {

    private final Analyzer analyzer;
    private final LiveSamples live;
    private final Instant startedAt;
    private final List<EndpointWork> works = new ArrayList<>();
    private final List<EndpointObservation> observed = new ArrayList<>();
    private final List<EndpointReport> reports = new ArrayList<>();
    private final List<GoroutineProfile> baselineProfiles = new ArrayList<>();
    private GoroutineProfile baselineLeak;
    private Instant baselineStart;
    private Instant baselineEnd;
    private TelemetryAvailability availability = TelemetryAvailability.NONE;

    ScanEvidence(Analyzer analyzer, LiveSamples live, Instant startedAt) {
        this.analyzer = analyzer;
        this.live = live;
        this.startedAt = startedAt;
    }

    void availability(TelemetryAvailability availability) {
        this.availability = availability;
    }

    void baselineStarted(Instant at) {
        baselineStart = at;
    }

    /** The baseline window's end and the profiles taken at its end (either may be null). */
    void baselineEnded(Instant at, GoroutineProfile profile, GoroutineProfile leakProfile) {
        baselineEnd = at;
        if (profile != null) {
            baselineProfiles.add(profile);
        }
        baselineLeak = leakProfile;
    }

    EndpointWork start(ScanEndpoint endpoint) {
        EndpointWork work = new EndpointWork(endpoint);
        works.add(work);
        return work;
    }

    List<EndpointWork> works() {
        return works;
    }

    /** The endpoint's load and abort rounds are done: the analysis sees it from now on. */
    void probed(EndpointWork work) {
        observed.add(observation(work));
        reports.add(work.report());
    }

    /** Rounds were added to an endpoint already probed (its key rounds): its observation and report follow. */
    void updated(EndpointWork work) {
        for (int i = 0; i < observed.size(); i++) {
            if (observed.get(i).endpoint().equals(work.endpoint.route())) {
                observed.set(i, observation(work));
                break;
            }
        }
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i).route().equals(work.endpoint.route())) {
                reports.set(i, work.report());
            }
        }
    }

    /** Every endpoint's report; endpoints cut short by a cancel or a stop still show what they did. */
    List<EndpointReport> reports() {
        for (EndpointWork w : works) {
            if (reports.stream().noneMatch(r -> r.route().equals(w.endpoint.route()))) {
                reports.add(w.report());
            }
        }
        return reports;
    }

    /**
     * With a separate telemetry address the profiles are served where the PROFILING_EXPOSED remedy says to serve them
     * (an admin listener the user pointed the scan at), so they are not reported as exposed.
     */
    static TelemetryAvailability availability(DiscoveryReport d, boolean separateTelemetry) {
        Set<Signal> offered = EnumSet.noneOf(Signal.class);
        for (DiscoveryReport.Offer o : d.offered().values()) {
            d.probe(o.chosen()).ifPresent(p -> offered.addAll(p.signals()));
        }
        return new TelemetryAvailability(offered, d.offered().containsKey(Capability.GOROUTINE_STACKS),
                d.offered().containsKey(Capability.GOROUTINE_LEAK_PROFILE),
                separateTelemetry ? List.of() : d.exposedProfiles());
    }

    static EndpointObservation observation(EndpointWork work) {
        List<LoadRound> rounds = new ArrayList<>();
        for (RoundReport r : work.rounds) {
            if (r.analyzed()) {
                LoadRound round = toAnalysis(r);
                LoadRound last = rounds.isEmpty() ? null : rounds.getLast();
                if (last != null && sameWindow(last, round)) {
                    rounds.set(rounds.size() - 1, merged(last, round));
                } else {
                    rounds.add(round);
                }
            }
        }
        return new EndpointObservation(work.endpoint.route(), rounds,
                new ProfileSnapshots(work.before, work.afterLoad, work.afterSettle, work.leakAfterSettle));
    }

    /**
     * Abort rounds of one endpoint watched by one window: a timed abort round sends one round per cut point. The
     * analysis needs one level per window, so they count as one round (the level after each would otherwise be the
     * same, and a leak would not seem to grow round by round).
     */
    static boolean sameWindow(LoadRound a, LoadRound b) {
        return a.kind() == RoundKind.ABORT && b.kind() == RoundKind.ABORT && a.settleEnd().equals(b.settleEnd());
    }

    static LoadRound merged(LoadRound a, LoadRound b) {
        LatencyPercentiles latency = a.latency() == null ? b.latency() : b.latency() == null ? a.latency()
                : new LatencyPercentiles(Math.max(a.latency().p50(), b.latency().p50()),
                Math.max(a.latency().p95(), b.latency().p95()), Math.max(a.latency().p99(), b.latency().p99()));
        return new LoadRound(RoundKind.ABORT, a.start().isBefore(b.start()) ? a.start() : b.start(),
                a.end().isAfter(b.end()) ? a.end() : b.end(), a.settleEnd(), a.completed() + b.completed(),
                a.aborted() + b.aborted(), a.confirmedClosed() + b.confirmedClosed(), a.errors() + b.errors(), latency,
                null);
    }

    static LoadRound toAnalysis(RoundReport report) {
        RoundTraffic r = report.round();
        RoundKind kind = switch (r.kind()) {
            case LOAD -> RoundKind.LOAD;
            case ABORT -> RoundKind.ABORT;
            case DISTINCT_KEY -> RoundKind.DISTINCT_KEY;
            case REPEATED_KEY -> RoundKind.REPEATED_KEY;
        };
        LatencyPercentiles latency = r.latency().samples() == 0 ? null
                : new LatencyPercentiles(r.latency().p50Millis(), r.latency().p95Millis(),
                r.latency().p99Millis());
        long confirmed = Math.min(r.abortsConfirmedClosed(), r.aborted());
        if (report.input() != null) {
            // a load round of one wrong input: a series of its own, judged apart from the endpoint's own requests
            return new LoadRound(RoundKind.ERROR_INPUT, r.startedAt(), r.endedAt(), report.settleEnd(),
                    r.completed(), r.aborted(), confirmed, r.errorCount() + r.interrupted(), latency, null,
                    report.input().description(), mostFrequentStatus(r), report.decayEnd());
        }
        return new LoadRound(kind, r.startedAt(), r.endedAt(), report.settleEnd(),
                r.completed(), r.aborted(), confirmed, r.errorCount() + r.interrupted(), latency,
                r.key() == null ? null : describe(r.key()), null, 0, report.decayEnd());
    }

    /** The status the round's responses had most often (the lowest of a tie); 0 when none came back. */
    static int mostFrequentStatus(RoundTraffic r) {
        return r.statusHistogram().entrySet().stream()
                .max(Map.Entry.<Integer, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(0);
    }

    static String describe(KeyPlacement placement) {
        return switch (placement) {
            case KeyPlacement.Header h -> "header " + h.name();
            case KeyPlacement.QueryParam q -> "query parameter " + q.name();
            case KeyPlacement.PathSegment p -> "path segment " + p.token();
            case KeyPlacement.PathParam p -> "path parameter :" + p.name();
            case KeyPlacement.UnknownPath u -> LoadRound.UNKNOWN_PATH;
            case KeyPlacement.Identity i -> "identity headers (X-Request-ID, X-Real-IP, User-Agent, bearer token, "
                    + "session cookie)";
        };
    }

    /** Whether the analysis of {@code group}'s rounds alone reports a finding of one of {@code kinds}. */
    boolean showsLeak(List<EndpointWork> group, Set<FindingKind> kinds) {
        return !kindsShown(group, kinds).isEmpty();
    }

    /** Which of {@code kinds} the analysis of {@code group}'s rounds alone finds. */
    Set<FindingKind> kindsShown(List<EndpointWork> group, Set<FindingKind> kinds) {
        List<EndpointObservation> endpoints = group.stream().map(ScanEvidence::observation).toList();
        Set<FindingKind> out = EnumSet.noneOf(FindingKind.class);
        analyze(endpoints).findings().stream().map(Finding::kind).filter(kinds::contains).forEach(out::add);
        return out;
    }

    /** The endpoints the analysis so far names in a finding of one of {@code kinds}. */
    Set<EndpointRef> leaking(Set<FindingKind> kinds) {
        Set<EndpointRef> out = new HashSet<>();
        for (Finding f : analyze().findings()) {
            if (kinds.contains(f.kind())) {
                if (f.endpoint() != null) {
                    out.add(f.endpoint());
                }
                out.addAll(f.evidence().affectedEndpoints());
            }
        }
        return out;
    }

    AnalysisResult analyze() {
        return analyze(observed);
    }

    /** The analysis of everything so far, with {@code current}'s rounds so far when it is not null. */
    AnalysisResult interim(EndpointWork current) {
        List<EndpointObservation> endpoints = new ArrayList<>(observed);
        if (current != null) {
            endpoints.add(observation(current));
        }
        return analyze(endpoints);
    }

    /** The analysis when the scan failed after probing some endpoints; null when it had not, or cannot. */
    AnalysisResult analyzeIfProbed() {
        try {
            return observed.isEmpty() ? null : analyze();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private AnalysisResult analyze(List<EndpointObservation> endpoints) {
        Instant from = baselineStart == null ? startedAt : baselineStart;
        Instant to = baselineEnd == null ? from : baselineEnd;
        // restarts the sampler noticed itself (a GC count gone back at one source) may not show in the samples
        ScanObservations obs = new ScanObservations(live.all(), from, to, baselineProfiles, baselineLeak, endpoints,
                availability, live.restarts());
        return analyzer.analyze(obs);
    }
}
