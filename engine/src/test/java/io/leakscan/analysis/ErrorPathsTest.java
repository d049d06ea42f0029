package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 19 part 6: leaks on error paths. The wrong-input rounds of one input are a series of their own: what they
 * retain is that input's leak, named in the title with the status the target answered, and kept apart from the
 * endpoint's own (clean) requests and from the other inputs.
 */
class ErrorPathsTest {

    private static final Analyzer ANALYZER = new Analyzer();

    /** A value that rises by {@code perStep} at each of {@code stepAt} seconds. */
    private static DoubleFunction<Double> steps(double base, double perStep, double... stepAt) {
        return t -> {
            double v = base;
            for (double s : stepAt) {
                v += t >= s ? perStep : 0;
            }
            return v;
        };
    }

    /** POST /imports: clean load; 50 fds more after each malformed-body round; the empty-body rounds retain none. */
    private static SyntheticScan imports() {
        return new SyntheticScan()
                .readings(0, 60, Map.of(Signal.GOROUTINES, t -> 8.0, Signal.OPEN_FDS, steps(12, 50, 30.2, 36.2, 42.2),
                        Signal.HEAP_AFTER_GC_BYTES, t -> 4_000_000.0))
                .load("POST /imports", 6, 10, 150).load("POST /imports", 10, 14, 150)
                .load("POST /imports", 14, 18, 150)
                .input("POST /imports", 18, 22, 50, "an empty body", 400)
                .input("POST /imports", 22, 26, 50, "an empty body", 400)
                .input("POST /imports", 26, 30, 50, "an empty body", 400)
                .input("POST /imports", 30, 34, 50, "a malformed JSON body", 400)
                .input("POST /imports", 36, 40, 50, "a malformed JSON body", 400)
                .input("POST /imports", 42, 46, 50, "a malformed JSON body", 400);
    }

    @Test
    void aLeakUnderOneWrongInputIsThatInputsFindingNamedWithTheStatusTheTargetAnswered() {
        AnalysisResult r = ANALYZER.analyze(imports().build());

        assertThat(r.findings()).filteredOn(f -> FindingKind.LEAKS.contains(f.kind()))
                .extracting(Finding::kind, f -> f.scope(), Finding::title)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FindingKind.FD_LEAK, Scope.HANDLER,
                        "POST /imports leaks 1.0 open file descriptor(s) per rejected (400) request with a malformed "
                                + "JSON body"));
        Finding f = r.findings().getFirst();
        assertThat(f.evidence().figures()).anySatisfy(g -> {
            assertThat(g.name()).isEqualTo("answeredStatus");
            assertThat(g.value()).isEqualTo(400.0);
        });
        assertThat(f.confidence().reasons()).anyMatch(s -> s.startsWith("only requests with a malformed JSON body"));
        assertThat(r.verdict()).isEqualTo(Verdict.LEAKS_FOUND);
    }

    @Test
    void theSameGrowthUnderTheEndpointsOwnRequestsIsItsLoadLeakNotAnInputs() {
        SyntheticScan scan = new SyntheticScan()
                .readings(0, 30, Map.of(Signal.GOROUTINES, t -> 8.0, Signal.OPEN_FDS, steps(12, 150, 6.2, 10.2, 14.2)))
                .load("POST /imports", 6, 10, 150).load("POST /imports", 10, 14, 150)
                .load("POST /imports", 14, 18, 150);

        AnalysisResult r = ANALYZER.analyze(scan.build());

        assertThat(r.findings()).filteredOn(f -> f.kind() == FindingKind.FD_LEAK).extracting(Finding::title)
                .containsExactly("POST /imports leaks 1.0 open file descriptor(s) per request");
    }

    @Test
    void aGoroutineLeftWaitingByEachRejectedRequestIsAGoroutineLeakPerThatRequest() {
        SyntheticScan scan = new SyntheticScan()
                .readings(0, 50, Map.of(Signal.GOROUTINES, steps(8, 50, 18.2, 24.2, 30.2)))
                .load("GET /reports/:id", 6, 10, 150).load("GET /reports/:id", 10, 14, 150)
                .load("GET /reports/:id", 14, 18, 150)
                .input("GET /reports/:id", 18, 22, 50, "no Authorization header", 401)
                .input("GET /reports/:id", 24, 28, 50, "no Authorization header", 401)
                .input("GET /reports/:id", 30, 34, 50, "no Authorization header", 401);

        AnalysisResult r = ANALYZER.analyze(scan.build());

        assertThat(r.findings()).filteredOn(f -> f.kind() == FindingKind.GOROUTINE_LEAK).extracting(Finding::title)
                .containsExactly("GET /reports/:id leaks one goroutine per rejected (401) request with no "
                        + "Authorization header");
    }

    @Test
    void theStatusIsTheOneTheRoundsGotMostOften() {
        LoadRound a = new LoadRound(RoundKind.ERROR_INPUT, SyntheticScan.at(0), SyntheticScan.at(1),
                SyntheticScan.at(2), 50, 0, 0, 0, null, null, "x", 415);
        LoadRound b = new LoadRound(RoundKind.ERROR_INPUT, SyntheticScan.at(3), SyntheticScan.at(4),
                SyntheticScan.at(5), 50, 0, 0, 0, null, null, "x", 400);
        assertThat(ErrorPaths.status(List.of(a, b, b))).isEqualTo(400);
        assertThat(ErrorPaths.status(List.of(a, a, b))).isEqualTo(415);
    }

    @Test
    void onlyAnErrorInputRoundNamesAnInput() {
        assertThatThrownBy(() -> new LoadRound(RoundKind.ERROR_INPUT, SyntheticScan.at(0), SyntheticScan.at(1),
                SyntheticScan.at(2), 50, 0, 0, 0, null, null, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadRound(RoundKind.LOAD, SyntheticScan.at(0), SyntheticScan.at(1),
                SyntheticScan.at(2), 50, 0, 0, 0, null, null, "x", 400)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The engine keeps an endpoint out of the timed aborts and the wrong inputs when any of {@link FindingKind#LEAKS}
     * names it (a key leak or an ignored abort included); the report's reason reads the same list.
     */
    @Test
    void everyLeakKindTheEngineActsOnIsTheReportsReasonToo() {
        for (FindingKind kind : FindingKind.LEAKS) {
            Finding f = new Finding(kind, new EndpointRef("GET", "/a"), Scope.HANDLER,
                    Severity.HIGH, new Confidence(0.9, List.of()), "t", new Evidence(List.of(), "X", List.of()),
                    "fix", null);
            assertThat(UncheckedEndpoints.leaking(List.of(f))).as(kind.name())
                    .containsExactly(new EndpointRef("GET", "/a"));
        }
        assertThat(FindingKind.LEAKS).contains(FindingKind.KEY_CARDINALITY_GROWTH, FindingKind.ABORT_IGNORED)
                .doesNotContain(FindingKind.LATENCY_DRIFT, FindingKind.PROFILING_EXPOSED);
    }

    /** The summary names the endpoints no wrong input reached. */
    @Test
    void theSummaryNamesEndpointsWithoutWrongInputs() {
        SyntheticScan scan = imports()
                .load("GET /healthz", 50, 54, 150).load("GET /healthz", 54, 58, 150)
                .load("GET /healthz", 58, 60, 150);

        AnalysisResult r = ANALYZER.analyze(scan.build());

        assertThat(r.summary()).contains("Not probed with wrong inputs: GET /healthz.")
                .doesNotContain("wrong inputs: POST /imports");
    }
}
