package io.leakscan.analysis;

import io.leakscan.analysis.recorded.RecordedScenario;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every recorded lab scenario through the whole analyzer, compared with what the lab catalog says the app leaks
 * (kind, scope and endpoint of each leak; null endpoint for middleware). A failure prints expected versus got.
 */
class RecordedScenariosTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("middleware-lingering", Verdict.LEAKS_FOUND,
                        Set.of("LINGERING_GOROUTINES MIDDLEWARE -")),
                Arguments.of("stream-abort", Verdict.LEAKS_FOUND, Set.of(
                        "ABORT_IGNORED HANDLER GET /stream", "GOROUTINE_LEAK HANDLER GET /stream",
                        "HEAP_GROWTH HANDLER GET /stream", "FD_LEAK HANDLER GET /stream")),
                Arguments.of("admin-group", Verdict.LEAKS_FOUND, Set.of("GOROUTINE_LEAK ROUTE_GROUP GET /admin/stats")),
                Arguments.of("chan-block", Verdict.LEAKS_FOUND, Set.of("GOROUTINE_LEAK HANDLER GET /quotes/:symbol")),
                Arguments.of("heap-slice", Verdict.LEAKS_FOUND, Set.of("HEAP_GROWTH HANDLER GET /reports/:id")),
                Arguments.of("http-client", Verdict.LEAKS_FOUND, Set.of(
                        "GOROUTINE_LEAK HANDLER GET /weather/:city", "FD_LEAK HANDLER GET /weather/:city",
                        "HEAP_GROWTH HANDLER GET /weather/:city")),
                Arguments.of("xff-limiter", Verdict.LEAKS_FOUND, Set.of("KEY_CARDINALITY_GROWTH MIDDLEWARE -")),
                Arguments.of("bounded-cache", Verdict.CLEAN, Set.of()),
                Arguments.of("slow-abort", Verdict.CLEAN, Set.of()),
                Arguments.of("sse-abort", Verdict.CLEAN, Set.of()),
                Arguments.of("workers", Verdict.CLEAN, Set.of()),
                Arguments.of("goroutine-burst", Verdict.CLEAN, Set.of()),
                Arguments.of("db-per-request", Verdict.LEAKS_FOUND, Set.of(
                        "GOROUTINE_LEAK HANDLER GET /profiles/:id", "FD_LEAK HANDLER GET /profiles/:id",
                        "HEAP_GROWTH HANDLER GET /profiles/:id")),
                // the fixed twins, driven exactly like their leaky scenario
                Arguments.of("middleware-fixed", Verdict.CLEAN, Set.of()),
                Arguments.of("stream-fixed", Verdict.CLEAN, Set.of()),
                Arguments.of("admin-group-fixed", Verdict.CLEAN, Set.of()),
                Arguments.of("chan-block-fixed", Verdict.CLEAN, Set.of()),
                Arguments.of("heap-slice-fixed", Verdict.CLEAN, Set.of()),
                Arguments.of("http-client-fixed", Verdict.CLEAN, Set.of()),
                Arguments.of("xff-limiter-fixed", Verdict.CLEAN, Set.of()),
                Arguments.of("db-fixed", Verdict.CLEAN, Set.of()),
                // second takes, recorded later on a busier machine (slower sampling): the same answers
                Arguments.of("middleware-lingering-take2", Verdict.LEAKS_FOUND,
                        Set.of("LINGERING_GOROUTINES MIDDLEWARE -")),
                Arguments.of("stream-abort-take2", Verdict.LEAKS_FOUND, Set.of(
                        "ABORT_IGNORED HANDLER GET /stream", "GOROUTINE_LEAK HANDLER GET /stream",
                        "HEAP_GROWTH HANDLER GET /stream", "FD_LEAK HANDLER GET /stream")),
                Arguments.of("middleware-fixed-take2", Verdict.CLEAN, Set.of()),
                Arguments.of("goroutine-burst-take2", Verdict.CLEAN, Set.of()),
                Arguments.of("bounded-cache-take2", Verdict.CLEAN, Set.of()),
                Arguments.of("slow-abort-take2", Verdict.CLEAN, Set.of()),
                Arguments.of("sse-abort-take2", Verdict.CLEAN, Set.of()),
                Arguments.of("workers-take2", Verdict.CLEAN, Set.of()));
    }

    @ParameterizedTest(name = "{0} with debug=2 profiles")
    @MethodSource("scenarios")
    void detailedProfiles(String scenario, Verdict verdict, Set<String> leaks) {
        check(scenario, RecordedScenario.load(scenario).observations(true, Set.of()), verdict, leaks);
    }

    @ParameterizedTest(name = "{0} with debug=1 profiles")
    @MethodSource("scenarios")
    void groupedProfiles(String scenario, Verdict verdict, Set<String> leaks) {
        check(scenario, RecordedScenario.load(scenario).observations(false, Set.of()), verdict, leaks);
    }

    @ParameterizedTest(name = "{0} without any memory telemetry is inconclusive")
    @MethodSource("scenarios")
    void withoutTelemetryNothingIsClaimed(String scenario, Verdict ignored, Set<String> ignoredToo) {
        ScanObservations obs = RecordedScenario.load(scenario).observations(true,
                Set.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES, Signal.OPEN_FDS));
        AnalysisResult result = new Analyzer().analyze(strip(obs));
        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.findings()).noneMatch(f -> FindingKind.LEAKS.contains(f.kind()));
        assertThat(result.summary()).contains("nothing can be claimed");
    }

    /** The same scan with the profiles gone too (a target with no telemetry at all). */
    private static ScanObservations strip(ScanObservations o) {
        return new ScanObservations(o.samples(), o.baselineStart(), o.baselineEnd(), List.of(), null,
                o.endpoints().stream().map(e -> new EndpointObservation(e.endpoint(), e.rounds(), null)).toList(),
                TelemetryAvailability.NONE, o.restarts());
    }

    private static void check(String scenario, ScanObservations obs, Verdict verdict, Set<String> leaks) {
        AnalysisResult result = new Analyzer().analyze(obs);
        Set<String> got = result.findings().stream().filter(f -> FindingKind.LEAKS.contains(f.kind()))
                .map(f -> f.kind() + " " + f.scope() + " " + (f.endpoint() == null ? "-" : f.endpoint().toString()))
                .collect(Collectors.toCollection(TreeSet::new));
        String table = "\n" + scenario + "\n  expected: " + new TreeSet<>(leaks) + " " + verdict
                + "\n  got:      " + got + " " + result.verdict() + "\n  titles:   "
                + result.findings().stream().map(Finding::title).toList();
        assertThat(got).as(table).isEqualTo(new TreeSet<>(leaks));
        assertThat(result.verdict()).as(table).isEqualTo(verdict);
        assertThat(result.summary()).isNotBlank();
        result.findings().forEach(f -> {
            assertThat(f.remediation()).isNotBlank();
            assertThat(f.evidence().figures()).allSatisfy(fig -> assertThat(fig.unit()).isNotBlank());
            assertThat(f.confidence().reasons()).isNotEmpty();
        });
    }
}
