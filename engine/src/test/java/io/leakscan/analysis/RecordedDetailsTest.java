package io.leakscan.analysis;

import io.leakscan.analysis.recorded.RecordedScenario;
import io.leakscan.analysis.stats.Decay;
import io.leakscan.analysis.stats.Plateau;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The figures, stacks, titles and remediations of the recorded scenarios, and the traps one by one. */
class RecordedDetailsTest {

    private static final Analyzer ANALYZER = new Analyzer();

    private static AnalysisResult analyze(String scenario) {
        return ANALYZER.analyze(RecordedScenario.load(scenario).observations());
    }

    private static Finding only(AnalysisResult r, FindingKind kind) {
        List<Finding> f = r.findings().stream().filter(x -> x.kind() == kind).toList();
        assertThat(f).as(kind + " in " + r.findings().stream().map(Finding::title).toList()).hasSize(1);
        return f.getFirst();
    }

    private static double figure(Finding f, String name) {
        return f.evidence().figures().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + name + " in " + f.evidence().figures()))
                .value();
    }

    private static String unit(Finding f, String name) {
        return f.evidence().figures().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().unit();
    }

    @ParameterizedTest
    @ValueSource(strings = {"middleware-lingering", "middleware-lingering-take2"})
    void briefMiddlewareLingersAboutFiveSecondsOnEveryRoute(String scenario) {
        Finding f = only(analyze(scenario), FindingKind.LINGERING_GOROUTINES);
        assertThat(f.scope()).isEqualTo(Scope.MIDDLEWARE);
        assertThat(f.endpoint()).isNull();
        assertThat(f.evidence().affectedEndpoints()).containsExactlyInAnyOrder(
                new EndpointRef("GET", "/hello"), new EndpointRef("GET", "/users/:id"));
        assertThat(figure(f, "lingerLifetime")).isBetween(4.0, 6.5);
        assertThat(unit(f, "lingerLifetime")).isEqualTo("s");
        assertThat(figure(f, "lingeringPerRequest")).isCloseTo(1.0, within(0.15));
        assertThat(figure(f, "roundsLingered")).isEqualTo(3);
        StackEvidence top = f.evidence().stacks().getFirst();
        assertThat(top.leakSite().function()).isEqualTo("main.orphanedWork.func1.1");
        assertThat(top.leakSite().file()).endsWith("brief-middleware-leaky/server.go");
        assertThat(top.leakSite().line()).isEqualTo(33);
        assertThat(top.createdBy().function()).isEqualTo("main.orphanedWork.func1");
        assertThat(top.waitState()).isEqualTo("sleep");
        assertThat(top.appFrames()).allSatisfy(fr -> assertThat(fr.function()).startsWith("main."));
        assertThat(f.confidence().value()).isGreaterThanOrEqualTo(0.9);
        assertThat(f.confidence().reasons()).anyMatch(r -> r.contains("telemetry requests"));
        assertThat(f.title()).startsWith("Middleware on every route leaves one goroutine per request running")
                .contains("server.go:33");
        assertThat(f.remediation()).contains("context.WithTimeout(c.Request().Context()").contains("ctx.Done()");
        assertThat(f.cwe()).isEqualTo(401);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void theSummaryTellsWhatWasDoneWatchedAndFoundInPlainWords() {
        AnalysisResult r = analyze("middleware-lingering");
        assertThat(r.verdict()).isEqualTo(Verdict.LEAKS_FOUND);
        assertThat(r.summary()).startsWith("Leakscan judged the effect of 900 requests on 2 endpoints and watched goroutines, the "
                + "heap after GC, open file descriptors. It found 1 leak; the most serious: Middleware on every route")
                .contains("Also reported: Profiling endpoints readable without credentials");
        assertThat(r.countsBySeverity()).containsEntry(Severity.HIGH, 1).containsEntry(Severity.MEDIUM, 1);
    }

    @Test
    void middlewareDecaysLingerInEveryRoundAndComeBack() {
        ScanObservations obs = RecordedScenario.load("middleware-lingering").observations();
        Timeline tl = new Timeline(obs);
        for (EndpointObservation ep : obs.endpoints()) {
            Retention r = Retention.measure(tl, Signal.GOROUTINES, ep.rounds(RoundKind.LOAD),
                    tl.noise(Signal.GOROUTINES), null).orElseThrow();
            assertThat(r.decays()).allSatisfy(d -> {
                assertThat(d.kind()).isEqualTo(Decay.Kind.LINGERING);
                assertThat(d.lifetimeSeconds()).isBetween(4.0, 6.0);
                assertThat(d.peakExcess()).isGreaterThan(100);
            });
            assertThat(GoroutineDetector.classify(r)).isEqualTo(GoroutineDetector.Retained.LINGERING);
        }
    }

    @Test
    void briefStreamLeaksOneGoroutinePerAbortedClient() {
        AnalysisResult r = analyze("stream-abort");
        Finding abort = only(r, FindingKind.ABORT_IGNORED);
        assertThat(abort.endpoint()).isEqualTo(new EndpointRef("GET", "/stream"));
        assertThat(figure(abort, "goroutinesPerAbortedRequest")).isCloseTo(1.0, within(0.1));
        assertThat(figure(abort, "abortedRequests")).isEqualTo(60);
        assertThat(figure(abort, "confirmedClosed")).isEqualTo(60);
        StackEvidence top = abort.evidence().stacks().getFirst();
        assertThat(top.leakSite().location()).endsWith("brief-stream-leaky/server.go:29");
        assertThat(top.growth()).isEqualTo(60);
        assertThat(abort.title()).startsWith("GET /stream keeps working after the client aborts: one goroutine per "
                + "aborted request").contains("server.go:29");
        assertThat(abort.remediation()).contains("c.Request().Context().Done()").contains("c.Response().Flush()");
        assertThat(abort.cwe()).isEqualTo(772);
        Finding leak = only(r, FindingKind.GOROUTINE_LEAK);
        assertThat(leak.title()).contains("per aborted client");
        assertThat(figure(only(r, FindingKind.FD_LEAK), "fdsPerRequest")).isCloseTo(1.0, within(0.1));
        // each abandoned stream keeps its connection's buffers: several KiB, far above a g descriptor
        assertThat(figure(only(r, FindingKind.HEAP_GROWTH), "bytesPerRequest")).isBetween(4096.0, 32768.0);
        // /status, probed first, is clean
        assertThat(r.findings()).noneMatch(f -> new EndpointRef("GET", "/status").equals(f.endpoint()));
    }

    @Test
    void streamDecaysArePermanent() {
        ScanObservations obs = RecordedScenario.load("stream-abort").observations();
        Timeline tl = new Timeline(obs);
        EndpointObservation stream = obs.endpoints().get(1);
        Retention r = Retention.measure(tl, Signal.GOROUTINES, stream.rounds(RoundKind.ABORT),
                tl.noise(Signal.GOROUTINES), null).orElseThrow();
        assertThat(r.decays()).allSatisfy(d -> assertThat(d.kind()).isEqualTo(Decay.Kind.PERMANENT));
        assertThat(r.plateau().shape()).isEqualTo(Plateau.Shape.GROWING);
        assertThat(r.perRequest()).isCloseTo(1.0, within(0.1));
        assertThat(r.fit().r2()).isGreaterThan(0.95);
    }

    @Test
    void adminGroupIsARouteGroupLeakProvenByTheGoroutineleakProfile() {
        AnalysisResult r = analyze("admin-group");
        Finding f = only(r, FindingKind.GOROUTINE_LEAK);
        assertThat(f.scope()).isEqualTo(Scope.ROUTE_GROUP);
        assertThat(f.title()).startsWith("Routes under /admin (2 routes) leak one goroutine per request");
        assertThat(f.evidence().affectedEndpoints()).containsExactlyInAnyOrder(
                new EndpointRef("GET", "/admin/stats"), new EndpointRef("GET", "/admin/users"));
        assertThat(f.confidence().value()).isEqualTo(0.99);
        assertThat(f.confidence().reasons()).anyMatch(x -> x.contains("goroutineleak profile proves"));
        assertThat(figure(f, "provenLeaked")).isEqualTo(300);
        StackEvidence top = f.evidence().stacks().getFirst();
        assertThat(top.leakSite().function()).isEqualTo("main.(*session).flushWhenDone");
        assertThat(top.leakSite().line()).isEqualTo(42);
        assertThat(top.createdBy().function()).isEqualTo("main.auditSession.func1");
        assertThat(top.waitState()).startsWith("chan receive");
        assertThat(f.remediation()).contains("route group").contains("c.Request().Context().Done()");
    }

    @Test
    void withoutTheGoroutineleakProfileTheCountsStillFindIt() {
        ScanObservations o = RecordedScenario.load("admin-group").observations(false, Set.of());
        ScanObservations noLeakProfile = new ScanObservations(o.samples(), o.baselineStart(), o.baselineEnd(),
                o.baselineProfiles(), null, o.endpoints().stream().map(e -> new EndpointObservation(e.endpoint(),
                e.rounds(), new ProfileSnapshots(e.profiles().before(), e.profiles().afterLoad(),
                e.profiles().afterSettle(), null))).toList(), o.telemetry(), o.restarts());
        Finding f = only(ANALYZER.analyze(noLeakProfile), FindingKind.GOROUTINE_LEAK);
        assertThat(f.scope()).isEqualTo(Scope.ROUTE_GROUP);
        assertThat(f.confidence().value()).isBetween(0.8, 0.98);
        assertThat(f.evidence().stacks().getFirst().waitState()).isNull(); // debug=1 has no wait states
    }

    @Test
    void chanBlockNamesTheBlockedSend() {
        Finding f = only(analyze("chan-block"), FindingKind.GOROUTINE_LEAK);
        assertThat(f.scope()).isEqualTo(Scope.HANDLER);
        assertThat(f.endpoint()).isEqualTo(new EndpointRef("GET", "/quotes/:symbol"));
        assertThat(figure(f, "goroutinesPerRequest")).isCloseTo(1.0, within(0.05));
        assertThat(unit(f, "goroutinesPerRequest")).isEqualTo("goroutines/request");
        StackEvidence top = f.evidence().stacks().getFirst();
        assertThat(top.waitState()).isEqualTo("chan send");
        assertThat(top.leakSite().location()).endsWith("chan-block-leaky/server.go:46");
        assertThat(f.title()).isEqualTo("GET /quotes/:symbol leaks one goroutine per request, blocked in chan send "
                + "at server.go:46 (main.getQuote.func1)");
        assertThat(f.remediation()).contains("make(chan T, 1)");
    }

    @Test
    void heapSliceRetainsItsSixteenKibPerRequest() {
        Finding f = only(analyze("heap-slice"), FindingKind.HEAP_GROWTH);
        assertThat(figure(f, "bytesPerRequest")).isCloseTo(16384, within(16384 * 0.15));
        assertThat(figure(f, "bytesPerRequestLow")).isLessThanOrEqualTo(figure(f, "bytesPerRequest"));
        assertThat(figure(f, "bytesPerRequestHigh")).isGreaterThanOrEqualTo(figure(f, "bytesPerRequest"));
        assertThat(figure(f, "bytesPerRequestLow")).isGreaterThan(12_000);
        assertThat(unit(f, "bytesPerRequest")).isEqualTo("bytes/request");
        assertThat(figure(f, "roundsGrew")).isEqualTo(4);
        assertThat(f.evidence().series()).isEqualTo("HEAP_AFTER_GC_BYTES");
        assertThat(f.remediation()).contains("LRU");
    }

    @Test
    void unclosedResponseBodiesLeakTransportGoroutinesSocketsAndHeap() {
        AnalysisResult r = analyze("http-client");
        Finding g = only(r, FindingKind.GOROUTINE_LEAK);
        assertThat(figure(g, "goroutinesPerRequest")).isCloseTo(3.0, within(0.2));
        assertThat(g.evidence().stacks()).anyMatch(s -> s.leakSite().function().startsWith("net/http.(*persistConn)"));
        assertThat(g.remediation()).contains("defer resp.Body.Close()").contains("io.Copy(io.Discard, resp.Body)");
        Finding fd = only(r, FindingKind.FD_LEAK);
        assertThat(figure(fd, "fdsPerRequest")).isCloseTo(2.0, within(0.2));
        assertThat(fd.remediation()).contains("defer resp.Body.Close()");
        assertThat(figure(only(r, FindingKind.HEAP_GROWTH), "excusedDescriptorBytes")).isPositive();
    }

    @Test
    void aPoolOpenedPerRequestAndNeverClosedLeaksItsOpenerAndItsConnection() {
        AnalysisResult r = analyze("db-per-request");
        Finding g = only(r, FindingKind.GOROUTINE_LEAK);
        assertThat(g.endpoint()).isEqualTo(new EndpointRef("GET", "/profiles/:id"));
        assertThat(g.evidence().stacks().getFirst().leakSite().function())
                .isEqualTo("database/sql.(*DB).connectionOpener");
        assertThat(g.remediation()).contains("db.SetMaxOpenConns(25)").contains("db.SetMaxIdleConns(5)")
                .contains("db.SetConnMaxLifetime(5*time.Minute)").contains("QueryRowContext(c.Request().Context()");
        // the never-closed pool and its connection hold more than a goroutine does: HEAP_GROWTH, as the lab catalog says
        assertThat(figure(only(r, FindingKind.HEAP_GROWTH), "bytesPerRequest"))
                .isGreaterThan(GoroutineHeap.GOROUTINE_HEAP_ALLOWANCE);
        assertThat(only(r, FindingKind.FD_LEAK).remediation()).contains("*sql.DB");
        // the brief's own handler (open, defer Close) churns but retains nothing
        assertThat(r.findings()).noneMatch(f -> new EndpointRef("GET", "/users/:id").equals(f.endpoint()));
    }

    @Test
    void xffLimiterGrowsPerForgedClientIpInMiddleware() {
        Finding f = only(analyze("xff-limiter"), FindingKind.KEY_CARDINALITY_GROWTH);
        assertThat(f.scope()).isEqualTo(Scope.MIDDLEWARE);
        assertThat(f.endpoint()).isNull();
        assertThat(f.cwe()).isEqualTo(400);
        assertThat(figure(f, "bytesPerDistinctKey")).isBetween(8192.0, 12288.0);
        assertThat(figure(f, "bytesPerRepeatedKeyRequest")).isLessThan(1024);
        assertThat(f.title()).contains("per distinct header X-Forwarded-For");
        assertThat(f.remediation()).contains("e.IPExtractor = echo.ExtractIPDirect()")
                .contains("echo.ExtractIPFromXFFHeader(echo.TrustIPRange(");
    }

    @Test
    void trapBoundedCacheWarmsUpThenPlateaus() {
        ScanObservations obs = RecordedScenario.load("bounded-cache").observations();
        Timeline tl = new Timeline(obs);
        Retention r = Retention.measure(tl, Signal.HEAP_AFTER_GC_BYTES, obs.endpoints().getFirst()
                .rounds(RoundKind.DISTINCT_KEY), tl.noise(Signal.HEAP_AFTER_GC_BYTES), null).orElseThrow();
        assertThat(r.plateau().shape()).isEqualTo(Plateau.Shape.PLATEAU);
        // the first round filled the 64-page LRU (~1 MiB): a real jump, then nothing
        assertThat(r.plateau().increments().getFirst()).isGreaterThan(512 * 1024);
        assertThat(analyze("bounded-cache").verdict()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void trapGoroutineBurstLeavesDescriptorHeapThatIsExcused() {
        ScanObservations obs = RecordedScenario.load("goroutine-burst").observations();
        Timeline tl = new Timeline(obs);
        EndpointObservation slow = obs.endpoints().stream()
                .filter(e -> e.endpoint().path().equals("/reports/slow")).findFirst().orElseThrow();
        List<LoadRound> rounds = slow.rounds(RoundKind.LOAD);
        var noise = tl.noise(Signal.HEAP_AFTER_GC_BYTES);
        Retention raw = Retention.measure(tl, Signal.HEAP_AFTER_GC_BYTES, rounds, noise, null).orElseThrow();
        // the heap really stayed higher after 600 goroutines came and went...
        assertThat(raw.totalGrowth()).isGreaterThan(noise.threshold());
        assertThat(raw.plateau().shape()).isEqualTo(Plateau.Shape.GROWING);
        // ...by what the goroutine peak explains, so once excused there is no growth left
        Retention excused = Retention.measure(tl, Signal.HEAP_AFTER_GC_BYTES, rounds, noise,
                GoroutineHeap.descriptorExcuse(tl, rounds)).orElseThrow();
        assertThat(excused.plateau().shape()).isEqualTo(Plateau.Shape.FLAT);
        assertThat(tl.runningPeak(Signal.GOROUTINES, rounds.getLast().settleEnd())).isGreaterThan(500);
        double perGoroutine = raw.totalGrowth() / 600;
        assertThat(perGoroutine).isLessThan(GoroutineHeap.G_DESCRIPTOR_BYTES);
        assertThat(analyze("goroutine-burst").findings()).noneMatch(f -> f.kind() == FindingKind.HEAP_GROWTH);
    }

    @Test
    void trapSlowHandlerThatHonoursCancellationIsClean() {
        ScanObservations obs = RecordedScenario.load("slow-abort").observations();
        Timeline tl = new Timeline(obs);
        Retention r = Retention.measure(tl, Signal.GOROUTINES, obs.endpoints().getFirst().rounds(RoundKind.ABORT),
                tl.noise(Signal.GOROUTINES), null).orElseThrow();
        assertThat(r.decays()).allSatisfy(d -> assertThat(d.kind()).isEqualTo(Decay.Kind.CLEAN));
        assertThat(GoroutineDetector.classify(r)).isEqualTo(GoroutineDetector.Retained.CLEAN);
    }

    @Test
    void trapSseThatStopsOnDisconnectAndFixedWorkerPoolAreClean() {
        assertThat(analyze("sse-abort").findings()).isEmpty();
        AnalysisResult workers = analyze("workers");
        assertThat(workers.verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(workers.findings()).extracting(Finding::kind).containsExactly(FindingKind.PROFILING_EXPOSED);
        assertThat(workers.summary()).contains("no leak found");
    }

    @Test
    void aSignalWithoutTelemetryGetsNoClaim() {
        AnalysisResult r = ANALYZER.analyze(RecordedScenario.load("stream-abort").observations(true,
                Set.of(Signal.HEAP_AFTER_GC_BYTES)));
        assertThat(r.verdict()).isEqualTo(Verdict.LEAKS_FOUND);
        assertThat(r.findings()).noneMatch(f -> f.kind() == FindingKind.HEAP_GROWTH);
        assertThat(r.findings()).anyMatch(f -> f.kind() == FindingKind.ABORT_IGNORED);
        assertThat(r.summary()).contains("Not measured (no telemetry, so no claim): the heap after GC");
    }

    @Test
    void anAppWithoutTelemetryIsInconclusiveEvenThoughItLeaks() {
        // a scanner cannot read /proc of a remote process: only latency and status codes are left
        AnalysisResult r = ANALYZER.analyze(RecordedScenario.load("no-telemetry").observations(true,
                Set.of(Signal.OPEN_FDS)));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.findings()).noneMatch(f -> FindingKind.LEAKS.contains(f.kind()));
        assertThat(r.summary()).contains("no memory telemetry").contains("nothing can be claimed either way");
    }

    @Test
    void fileDescriptorsAloneCannotMakeAnAppClean() {
        // the same recording with the recorder's own /proc fd counts: the goroutine leak holds no fd
        AnalysisResult r = analyze("no-telemetry");
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.summary()).contains("Only open file descriptors could be measured");
    }

    @Test
    void exposedProfilingIsReportedButIsNoLeak() {
        Finding f = only(analyze("slow-abort"), FindingKind.PROFILING_EXPOSED);
        assertThat(f.scope()).isEqualTo(Scope.APPLICATION);
        assertThat(f.endpoint()).isNull();
        assertThat(f.cwe()).isEqualTo(200);
        assertThat(f.title()).contains("/debug/pprof/goroutine");
        assertThat(f.remediation()).contains("middleware.BasicAuth").contains("127.0.0.1:6060");
        assertThat(analyze("slow-abort").verdict()).isEqualTo(Verdict.CLEAN);
    }
}
