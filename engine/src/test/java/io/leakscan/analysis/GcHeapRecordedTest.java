package io.leakscan.analysis;

import io.leakscan.analysis.recorded.RecordedScenario;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap judged without a forced GC, on series recorded from the expvar-only and Prometheus-only lab apps, their
 * fixed twins and two traps (lab/tools/gc-series; see the recorded fixtures' README): the leaks are found from the
 * GC's own figures, the twins and traps are never flagged (clean where their cycles allow a claim), and a run with
 * too few or too scattered GC cycles claims nothing either way.
 */
class GcHeapRecordedTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("gc-expvar-leaky", Verdict.LEAKS_FOUND, Set.of("HEAP_GROWTH HANDLER GET /sessions/:id")),
                Arguments.of("gc-expvar-fixed", Verdict.CLEAN, Set.of()),
                Arguments.of("gc-prom-leaky", Verdict.LEAKS_FOUND, Set.of("HEAP_GROWTH HANDLER POST /webhooks/orders")),
                Arguments.of("gc-prom-fixed", Verdict.CLEAN, Set.of()),
                Arguments.of("gc-registry-leaky", Verdict.LEAKS_FOUND,
                        Set.of("HEAP_GROWTH HANDLER GET /images/:id/thumbnail")),
                Arguments.of("gc-registry-fixed", Verdict.CLEAN, Set.of()),
                // traps: a GC tuner raising GOGC (the heap goal climbs 8x), a 64-entry LRU filled by distinct ids
                // read through expvar only: GOGC 800 leaves 5 scattered cycles, so no claim either way
                Arguments.of("gc-tuner", Verdict.INCONCLUSIVE, Set.of()),
                Arguments.of("gc-tuner-prom", Verdict.CLEAN, Set.of()),
                Arguments.of("gc-bounded-cache", Verdict.CLEAN, Set.of()),
                // the quick profile's 450 requests: two GC cycles, too few to claim anything either way
                Arguments.of("gc-expvar-leaky-quick", Verdict.INCONCLUSIVE, Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void verdictAndLeaks(String scenario, Verdict verdict, Set<String> leaks) {
        AnalysisResult r = new Analyzer().analyze(RecordedScenario.load(scenario).observations());
        Set<String> got = r.findings().stream().filter(f -> FindingKind.LEAKS.contains(f.kind()))
                .map(f -> f.kind() + " " + f.scope() + " " + f.endpoint()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(got).as(r.summary()).isEqualTo(new TreeSet<>(leaks));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void summaryNamesTheHeapFiguresItRead(String scenario, Verdict verdict, Set<String> leaks) {
        AnalysisResult r = new Analyzer().analyze(RecordedScenario.load(scenario).observations());
        assertThat(r.summary()).doesNotContain("no memory telemetry").doesNotContain("Without goroutine, heap")
                .contains("watched").contains("the heap from the GC's own figures without forcing a GC")
                .contains("HeapAlloc").contains("NumGC").contains("GC cycles during the rounds");
    }

    /** Every recorded scenario of the lab: "no memory telemetry" only where not one memory figure was read. */
    static Stream<String> everyRecording() throws IOException, URISyntaxException {
        Path root = Path.of(GcHeapRecordedTest.class.getResource("/analysis/recorded").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecording")
    void summaryNeverClaimsNoTelemetryWhenAMemoryFigureWasRead(String scenario) {
        ScanObservations obs = RecordedScenario.load(scenario).observations();
        boolean read = obs.samples().stream().anyMatch(s -> !s.values().isEmpty());
        String summary = new Analyzer().analyze(obs).summary();
        if (read) {
            assertThat(summary).doesNotContain("no memory telemetry");
        } else {
            assertThat(summary).contains("watched no memory telemetry");
        }
    }

    @Test
    void expvarLeakStandsOnTheLowestHeapAllocOfEachCycle() {
        Finding f = heapFinding("gc-expvar-leaky");
        assertThat(f.evidence().series()).isEqualTo(Signal.HEAP_ALLOC_BYTES.name());
        assertThat(f.confidence().reasons()).anySatisfy(s -> assertThat(s)
                .contains("without forcing a GC").contains("the lowest HeapAlloc of each GC cycle"));
        assertThat(figure(f, "bytesPerRequest")).isBetween(2300.0, 3300.0); // 2.5 KiB record + its slice header
        assertThat(figure(f, "gcCycles")).isGreaterThanOrEqualTo(GcHeapJudge.MIN_CYCLES);
        assertThat(f.title()).contains("GET /sessions/:id").contains("growing GC cycle after GC cycle");
    }

    @Test
    void customRegistryLeakStandsOnTheLiveHeapTheGcMarked() {
        Finding f = heapFinding("gc-registry-leaky");
        assertThat(f.evidence().series()).isEqualTo(Signal.HEAP_LIVE_BYTES.name());
        assertThat(f.confidence().reasons()).anySatisfy(s -> assertThat(s).contains("/gc/heap/live:bytes"));
        assertThat(figure(f, "bytesPerRequest")).isBetween(3600.0, 4800.0); // 4 KiB thumbnail per request
    }

    @Test
    void gcTunerMovesTheHeapGoalNotTheHeap() {
        ScanObservations obs = RecordedScenario.load("gc-tuner").observations();
        // the trap is real: the goal the GC reports climbed eightfold while nothing was retained
        List<Double> goals = obs.samples().stream().map(s -> s.value(Signal.HEAP_GOAL_BYTES))
                .filter(v -> v.isPresent()).map(v -> v.getAsDouble()).toList();
        assertThat(goals.getLast()).isGreaterThanOrEqualTo(4 * goals.getFirst());
        AnalysisResult r = new Analyzer().analyze(obs);
        assertThat(r.findings()).noneMatch(f -> f.kind() == FindingKind.HEAP_GROWTH);
        assertThat(r.summary()).contains("the heap goal went from 4.0 MiB to 32.0 MiB, which GOGC or GOMEMLIMIT can do "
                + "alone: it was not taken as growth").contains("GC cycles whose levels scattered more than they moved");
    }

    @Test
    void prometheusShowsTheGogcChangeBehindTheMovingGoal() {
        ScanObservations obs = RecordedScenario.load("gc-tuner-prom").observations();
        GcHeapJudge.Judgement j = GcHeapJudge.judge(obs, new Timeline(obs)).getFirst();
        assertThat(j.notes()).anySatisfy(n -> assertThat(n).startsWith("GOGC changed from 100 to "));
        assertThat(j.outcome()).isNotEqualTo(GcHeapJudge.Outcome.GROWING);
    }

    @Test
    void tooFewCyclesSaysSoAndHowToGetMore() {
        AnalysisResult r = new Analyzer().analyze(RecordedScenario.load("gc-expvar-leaky-quick").observations());
        assertThat(r.summary()).contains("Without forcing a GC, the heap of GET /sessions/:id (2 GC cycles")
                .contains("Scan with more rounds");
    }

    private static Finding heapFinding(String scenario) {
        AnalysisResult r = new Analyzer().analyze(RecordedScenario.load(scenario).observations());
        return r.findings().stream().filter(f -> f.kind() == FindingKind.HEAP_GROWTH).findFirst().orElseThrow();
    }

    private static double figure(Finding f, String name) {
        return f.evidence().figures().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().value();
    }
}
