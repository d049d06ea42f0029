package io.leakscan.engine;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.lab.LabApp;
import io.leakscan.lab.LabApps;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import io.leakscan.telemetry.Signal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scans lab apps through the real {@link ScanEngine} and compares the result with the catalog, route by route. Shared
 * by the accuracy tests; it only measures and tabulates, the tests assert.
 */
final class CatalogScans {

    /** Findings that claim a leak; the others (profiling exposed, latency drift) are context, not leaks. */
    static final Set<FindingKind> LEAK_KINDS = EnumSet.of(FindingKind.GOROUTINE_LEAK,
            FindingKind.LINGERING_GOROUTINES, FindingKind.ABORT_IGNORED, FindingKind.HEAP_GROWTH,
            FindingKind.KEY_CARDINALITY_GROWTH, FindingKind.FD_LEAK);


    record RouteResult(EndpointRef route, Set<LabCatalog.Expect> expected, Set<LabCatalog.Expect> got,
                       Set<String> context) {
        Set<LabCatalog.Expect> missed() {
            Set<LabCatalog.Expect> m = new LinkedHashSet<>(expected);
            m.removeAll(got);
            return m;
        }

        Set<LabCatalog.Expect> extra() {
            Set<LabCatalog.Expect> m = new LinkedHashSet<>(got);
            m.removeAll(expected);
            return m;
        }

        boolean ok() {
            return missed().isEmpty() && extra().isEmpty();
        }
    }

    /**
     * @param firstReport time from the start of the scan to the first interim analysis naming an expected leak
     *                    (kind and scope) on an expected route, or null when none did
     * @param total       the whole scan
     */
    record AppResult(String app, int run, String expectedVerdict, String verdict, List<RouteResult> routes,
                     Duration firstReport, Duration total, ScanOutcome outcome) {
        boolean ok() {
            return expectedVerdict.equals(verdict) && routes.stream().allMatch(RouteResult::ok);
        }
    }

    /** {@code -Dleakscan.catalog.profile=memory|deep} runs the catalog with another profile; quick by default. */
    static ScanProfile profile() {
        return ScanProfile.named(System.getProperty("leakscan.catalog.profile", "quick"));
    }

    AppResult scan(LabCatalog.App app, int run) {
        try (LabApp lab = LabApps.start(app.name())) {
            return scan(app, lab, run);
        }
    }

    AppResult scan(LabCatalog.App app, LabApp lab, int run) {
        List<ScanEndpoint> endpoints = app.routes().stream().map(LabCatalog.Route::toScanEndpoint).toList();
        // an app with telemetry only on its admin listener is scanned as a user would: --telemetry-url at that listener
        URI telemetry = app.telemetryOnAdminListener()
                ? lab.adminUrl().orElseThrow(() -> new IllegalStateException(app.name() + " announced no admin URL"))
                : null;
        ScanPlan draft = ScanPlan.of(new TargetSpec(lab.baseUrl(), Map.of(), telemetry, Map.of()), endpoints,
                profile(), true);
        // limits that hold the plan, as the CLI gives them: deep on the service apps plans ~1.2 million requests
        ProbeLimits limits = PlannedTraffic.of(draft, ProbeLimits.DEFAULT_SERVER_MAXIMA, true)
                .room(ProbeLimits.DEFAULT_SERVER_MAXIMA);
        ScanPlan plan = draft.withLimits(limits);
        ScanEngine engine = new ScanEngine(TargetPolicy.loopbackOnly(), limits, Clock.systemUTC());
        String expectedVerdict = expectedVerdict(app);
        boolean inconclusive = "INCONCLUSIVE".equals(expectedVerdict);
        List<Map.Entry<Duration, AnalysisResult>> interims = new CopyOnWriteArrayList<>();
        ScanListener listener = new ScanListener() {
            @Override
            public void interimResult(AnalysisResult result, Duration sinceStart) {
                interims.add(Map.entry(sinceStart, result));
            }
        };
        ScanOutcome outcome = engine.run(plan, listener, new CancellationToken());
        List<RouteResult> routes = new ArrayList<>();
        for (LabCatalog.Route r : app.routes()) {
            // An app without telemetry cannot show what it does in-process: the right answer is no claim at all.
            Set<LabCatalog.Expect> expected = inconclusive ? Set.of() : r.expect();
            routes.add(new RouteResult(r.route(), expected, got(outcome.analysis(), r.route(), true),
                    kinds(outcome.analysis(), r.route())));
        }
        String verdict = outcome.analysis() == null ? outcome.status() + (outcome.failure() == null ? ""
                : " " + outcome.failure().code()) : outcome.analysis().verdict().name();
        Duration first = inconclusive ? null : interims.stream()
                .filter(e -> reportsAnExpectedLeak(app, e.getValue(), outcome.analysis())).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        return new AppResult(app.name(), run, expectedVerdict, verdict, routes, first,
                outcome.timings().total(), outcome);
    }

    /** The catalog's verdict: apps with an admin listener are scanned with their telemetry URL pointing at it. */
    static String expectedVerdict(LabCatalog.App app) {
        return app.expectedVerdict();
    }

    /** An interim result names an expected leak (kind and scope) on its route, and the final result keeps it. */
    private static boolean reportsAnExpectedLeak(LabCatalog.App app, AnalysisResult interim, AnalysisResult last) {
        for (LabCatalog.Route r : app.routes()) {
            Set<LabCatalog.Expect> got = got(interim, r.route(), true);
            Set<LabCatalog.Expect> kept = got(last, r.route(), true);
            if (r.expect().stream().anyMatch(e -> got.contains(e) && kept.contains(e))) {
                return true;
            }
        }
        return false;
    }

    /** The leak findings on a route: attributed to it, or naming it among the endpoints a wider scope covers. */
    static Set<LabCatalog.Expect> got(AnalysisResult result, EndpointRef route, boolean leaksOnly) {
        Set<LabCatalog.Expect> out = new LinkedHashSet<>();
        if (result == null) {
            return out;
        }
        for (Finding f : result.findings()) {
            if (leaksOnly && !LEAK_KINDS.contains(f.kind())) {
                continue;
            }
            if (route.equals(f.endpoint()) || f.evidence().affectedEndpoints().contains(route)) {
                out.add(new LabCatalog.Expect(f.kind().name(), f.scope().name()));
            }
        }
        return out;
    }

    private static Set<String> kinds(AnalysisResult result, EndpointRef route) {
        Set<String> out = new LinkedHashSet<>();
        for (LabCatalog.Expect e : got(result, route, false)) {
            if (!LEAK_KINDS.contains(FindingKind.valueOf(e.kind()))) {
                out.add(e.toString());
            }
        }
        return out;
    }

    static String table(List<AppResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-4s %-24s %-3s %-16s %-36s %-36s %-40s %-13s %7s %7s%n", "ok",
                "app", "run", "route", "expected", "got", "context (not leaks)", "verdict", "first", "total"));
        for (AppResult a : results) {
            boolean firstRow = true;
            for (RouteResult r : a.routes()) {
                sb.append(String.format(Locale.ROOT, "%-4s %-24s %-3s %-16s %-36s %-36s %-40s %-13s %7s %7s%n",
                        r.ok() ? "ok" : "FAIL", firstRow ? a.app() : "", firstRow ? a.run() : "",
                        r.route().method() + " " + r.route().path(), set(r.expected()), set(r.got()),
                        r.context().isEmpty() ? "-" : String.join(",", r.context()),
                        firstRow ? (a.expectedVerdict().equals(a.verdict()) ? a.verdict()
                                : a.verdict() + "!=" + a.expectedVerdict()) : "",
                        firstRow ? secs(a.firstReport()) : "", firstRow ? secs(a.total()) : ""));
                firstRow = false;
            }
        }
        long routes = results.stream().mapToLong(a -> a.routes().size()).sum();
        long expected = results.stream().flatMap(a -> a.routes().stream()).mapToLong(r -> r.expected().size()).sum();
        long missed = results.stream().flatMap(a -> a.routes().stream()).mapToLong(r -> r.missed().size()).sum();
        long extra = results.stream().flatMap(a -> a.routes().stream()).mapToLong(r -> r.extra().size()).sum();
        long got = results.stream().flatMap(a -> a.routes().stream()).mapToLong(r -> r.got().size()).sum();
        long verdicts = results.stream().filter(a -> a.expectedVerdict().equals(a.verdict())).count();
        sb.append(String.format(Locale.ROOT, "%nroutes %d, apps %d; recall %d/%d expected (kind, scope) found; "
                        + "precision %d/%d reported correct; %d false positive(s); verdicts %d/%d; total %s s%n",
                routes, results.size(), expected - missed, expected, got - extra, got, extra, verdicts,
                results.size(), secs(results.stream().map(AppResult::total).reduce(Duration.ZERO, Duration::plus))));
        List<Duration> verdictTimes = results.stream().map(AppResult::total).sorted().toList();
        List<Duration> firstReports = results.stream().map(AppResult::firstReport).filter(Objects::nonNull)
                .sorted().toList();
        sb.append(String.format(Locale.ROOT, "recall %s, precision %s; time to verdict median %s s, max %s s; "
                        + "first report of a leak median %s s, max %s s%n",
                percent(expected - missed, expected), percent(got - extra, got), secs(median(verdictTimes)),
                secs(verdictTimes.isEmpty() ? null : verdictTimes.getLast()), secs(median(firstReports)),
                secs(firstReports.isEmpty() ? null : firstReports.getLast())));
        return sb.toString();
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /** The middle value (the mean of the two middle ones for an even count), or null for none. */
    static Duration median(List<Duration> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2);
    }

    /** Every finding of the apps that did not match, for diagnosis. */
    static String details(List<AppResult> results, boolean failedOnly) {
        StringBuilder sb = new StringBuilder();
        for (AppResult a : results) {
            if (failedOnly && a.ok()) {
                continue;
            }
            sb.append("\n--- ").append(a.app()).append(" run ").append(a.run()).append(": ")
                    .append(a.outcome().status());
            if (a.outcome().failure() != null) {
                sb.append(' ').append(a.outcome().failure());
            }
            sb.append(" phases ").append(a.outcome().timings().phases()).append('\n');
            sb.append("  baseline H: ").append(a.outcome().samples().stream().filter(x -> "baseline".equals(x.phase()))
                    .map(x -> x.value(Signal.HEAP_AFTER_GC_BYTES))
                    .filter(OptionalDouble::isPresent).map(v -> Math.round(v.getAsDouble())).toList())
                    .append(" G: ").append(a.outcome().samples().stream().filter(x -> "baseline".equals(x.phase()))
                    .map(x -> x.value(Signal.GOROUTINES))
                    .filter(OptionalDouble::isPresent).map(v -> Math.round(v.getAsDouble())).toList())
                    .append('\n');
            if (a.outcome().analysis() != null) {
                sb.append(a.outcome().analysis().summary()).append('\n');
                for (Finding f : a.outcome().analysis().findings()) {
                    sb.append("  ").append(f.kind()).append('/').append(f.scope()).append(' ')
                            .append(f.endpoint()).append(" affected=").append(f.evidence().affectedEndpoints())
                            .append(" conf=").append(f.confidence().value()).append(": ").append(f.title())
                            .append("\n    ").append(f.evidence().figures()).append("\n    ")
                            .append(f.confidence().reasons()).append('\n');
                }
            }
            for (EndpointReport e : a.outcome().endpoints()) {
                sb.append("  ").append(e.route()).append(e.streaming() ? " (streaming)" : "").append(": ");
                for (RoundReport r : e.rounds()) {
                    sb.append("\n    ").append(r.purpose()).append('[').append(r.round().completed()).append('c')
                            .append(r.round().aborted()).append('a').append(r.round().errorCount()).append('e')
                            .append(' ').append(r.round().duration().toMillis()).append("ms+")
                            .append(Duration.between(r.round().endedAt(), r.settleEnd()).toMillis())
                            .append("ms] settled ").append(levels(a.outcome(), r));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The settled level of each signal after a round (of the last three readings in its window). */
    private static String levels(ScanOutcome o, RoundReport r) {
        StringBuilder sb = new StringBuilder();
        for (Signal s : List.of(Signal.GOROUTINES,
                Signal.HEAP_AFTER_GC_BYTES, Signal.OPEN_FDS)) {
            List<Double> v = o.samples().stream().filter(x -> x.at().isAfter(r.round().endedAt())
                    && !x.at().isAfter(r.settleEnd())).map(x -> x.value(s)).filter(OptionalDouble::isPresent)
                    .map(OptionalDouble::getAsDouble).toList();
            if (!v.isEmpty()) {
                List<Double> last = new ArrayList<>(v.subList(Math.max(0, v.size() - 3), v.size()));
                last.sort(Double::compare);
                // as the analyzer's Timeline reads it: the heap after GC at its lowest, the others' median
                double level = s == Signal.HEAP_AFTER_GC_BYTES ? last.getFirst() : last.get(last.size() / 2);
                sb.append(s.name().charAt(0)).append('=').append(Math.round(level))
                        .append("(n").append(v.size()).append(") ");
            }
        }
        return sb.toString();
    }

    private static String set(Set<LabCatalog.Expect> s) {
        return s.isEmpty() ? "clean" : String.join(",", s.stream().map(LabCatalog.Expect::toString).toList());
    }

    static String secs(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    static Map<String, Integer> counts(List<AppResult> results) {
        Map<String, Integer> m = new LinkedHashMap<>();
        results.forEach(a -> m.merge(a.verdict(), 1, Integer::sum));
        return m;
    }
}
