package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The GC-cycle heap judge on synthetic series: what one changed figure does to the judgement and the summary. */
class GcHeapJudgeTest {

    private static final Instant T0 = Instant.parse("2026-12-05T18:00:00Z");
    private static final EndpointRef EP = new EndpointRef("GET", "/items/:id");
    private static final double MIB = 1024 * 1024;

    /** Five rounds of 400 requests, 2 s each with a 1 s settle, after a 5 s baseline; a sample every 250 ms. */
    private static List<LoadRound> rounds() {
        List<LoadRound> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant start = T0.plusSeconds(5 + 3L * i);
            out.add(new LoadRound(RoundKind.LOAD, start, start.plusSeconds(2), start.plusSeconds(3), 400, 0, 0, 0,
                    null, null));
        }
        return out;
    }

    /** {@code at.apply(i)} gives sample i's values (sample i is taken at 250 ms * i). */
    private static ScanObservations scan(int samples, IntFunction<Map<Signal, Double>> at) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            s.add(new Sample(T0.plusMillis(250L * i), "x", null, new EnumMap<>(at.apply(i)), "pid-1"));
        }
        return new ScanObservations(s, T0, T0.plusSeconds(5), List.of(), null,
                List.of(new EndpointObservation(EP, rounds(), ProfileSnapshots.NONE)),
                new TelemetryAvailability(offered(s), false, false, List.of()), List.of());
    }

    private static Set<Signal> offered(List<Sample> s) {
        Set<Signal> out = EnumSet.noneOf(Signal.class);
        s.forEach(x -> out.addAll(x.values().keySet()));
        return out;
    }

    /** A GC every 4 samples; HeapAlloc climbs 200 KiB per sample from {@code live(i)} after each GC. */
    private static Map<Signal, Double> cycling(int i, double live, double goal, double gogc) {
        Map<Signal, Double> v = new EnumMap<>(Signal.class);
        v.put(Signal.GC_COUNT, (double) (i / 4));
        v.put(Signal.HEAP_ALLOC_BYTES, live + (i % 4) * 200 * 1024.0);
        v.put(Signal.HEAP_GOAL_BYTES, goal);
        if (gogc > 0) {
            v.put(Signal.GOGC_PERCENT, gogc);
        }
        return v;
    }

    @Test
    void gogcRaisedMidScanMovesTheGoalNotTheVerdict() {
        // GOGC 100 -> 400 after the second round (debug.SetGCPercent): the goal quadruples, the live heap is flat
        ScanObservations obs = scan(84, i -> i < 44 ? cycling(i, 2 * MIB, 4.4 * MIB, 100)
                : cycling(i, 2 * MIB, 17.6 * MIB, 400));
        AnalysisResult r = new Analyzer().analyze(obs);
        assertThat(r.findings()).noneMatch(f -> f.kind() == FindingKind.HEAP_GROWTH);
        assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
        GcHeapJudge.Judgement j = GcHeapJudge.judge(obs, new Timeline(obs)).getFirst();
        assertThat(j.outcome()).isEqualTo(GcHeapJudge.Outcome.LEVELLED);
        assertThat(j.notes()).contains("GOGC changed from 100 to 400 during the rounds");
        assertThat(r.summary()).contains("the heap goal went from 4.4 MiB to 17.6 MiB, which GOGC or GOMEMLIMIT can do "
                + "alone: it was not taken as growth");
    }

    @Test
    void memoryLimitLoweredMidScanIsNotedAndClaimsNothing() {
        ScanObservations obs = scan(84, i -> {
            Map<Signal, Double> v = cycling(i, 2 * MIB, i < 44 ? 4.4 * MIB : 3 * MIB, 100);
            v.put(Signal.GC_MEMORY_LIMIT_BYTES, i < 44 ? Double.MAX_VALUE : 3 * MIB);
            return v;
        });
        GcHeapJudge.Judgement j = GcHeapJudge.judge(obs, new Timeline(obs)).getFirst();
        assertThat(j.outcome()).isEqualTo(GcHeapJudge.Outcome.LEVELLED);
        assertThat(j.notes()).contains("GOMEMLIMIT changed during the rounds");
        assertThat(new Analyzer().analyze(obs).findings()).noneMatch(f -> f.kind() == FindingKind.HEAP_GROWTH);
    }

    @Test
    void aHeapThatClimbsWithTheRequestsIsGrowth() {
        // 3 KiB per request: the rounds send 400 requests per 3 s, i.e. one sample = 1/12 of a round's requests
        ScanObservations obs = scan(84, i -> cycling(i, 2 * MIB + Math.max(0, i - 20) * 400 / 12.0 * 3072, 5 * MIB,
                100));
        AnalysisResult r = new Analyzer().analyze(obs);
        Finding f = r.findings().stream().filter(x -> x.kind() == FindingKind.HEAP_GROWTH).findFirst().orElseThrow();
        assertThat(f.evidence().figures()).anySatisfy(x -> {
            assertThat(x.name()).isEqualTo("bytesPerRequest");
            assertThat(x.value()).isCloseTo(3072 * 1.5, within(3072 * 0.6)); // settle windows carry no requests
        });
        // the series behind the claim: the level before the rounds, then each cycle's, against the requests before it
        assertThat(f.confidence().reasons()).anySatisfy(x -> assertThat(x)
                .startsWith("the level before the rounds, then at each GC cycle (requests sent before it): 2.00 MiB (0), ")
                .matches(".*(, \\d+\\.\\d\\d MiB \\(\\d+\\)){3,}"));
    }

    /**
     * Quick's geometry: six rounds of 150 requests (0.6 s, then a 1 s window) from 5 s on; a GC cycle at 4 s (the
     * reference) and one inside each round, at 5.2 s + 1.6 s * k, whose lowest HeapAlloc is {@code levels[k + 1]}
     * ({@code levels[0]}: the reference); a sample every 200 ms, 100 KiB of garbage per sample within a cycle.
     */
    private static GcHeapJudge.Judgement quick(double... levels) {
        List<LoadRound> rounds = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            Instant start = T0.plusMillis(5000 + 1600L * k);
            rounds.add(new LoadRound(RoundKind.LOAD, start, start.plusMillis(600), start.plusMillis(1600), 150, 0, 0,
                    0, null, null));
        }
        List<Long> cycleStarts = new ArrayList<>(List.of(0L, 4000L));
        for (int k = 0; k < 6; k++) {
            cycleStarts.add(5200 + 1600L * k);
        }
        List<Sample> s = new ArrayList<>();
        for (long t = 0; t <= 15_000; t += 200) {
            int c = 0;
            while (c + 1 < cycleStarts.size() && cycleStarts.get(c + 1) <= t) {
                c++;
            }
            Map<Signal, Double> v = new EnumMap<>(Signal.class);
            v.put(Signal.GC_COUNT, (double) c);
            v.put(Signal.HEAP_ALLOC_BYTES, levels[Math.max(0, c - 1)] + (t - cycleStarts.get(c)) / 200 * 100 * 1024.0);
            v.put(Signal.HEAP_GOAL_BYTES, 4 * MIB);
            s.add(new Sample(T0.plusMillis(t), "x", null, v, "pid-1"));
        }
        ScanObservations obs = new ScanObservations(s, T0, T0.plusSeconds(4), List.of(), null,
                List.of(new EndpointObservation(EP, rounds, ProfileSnapshots.NONE)),
                new TelemetryAvailability(offered(s), false, false, List.of()), List.of());
        return GcHeapJudge.judge(obs, new Timeline(obs)).getFirst();
    }

    @Test
    void aWarmUpStepThenADriftUnderLoadIsNotGrowthButTheLeakyTwinStillIs() {
        // prom-heap-fixed (a retry queue bounded at 32) with quick at a load of 7-12, its levels as debug runs read
        // them (bytes): the reference cycle came before the endpoint's first request, the queue and the connections'
        // buffers fill in the first round, then the level drifts up. Both were HEAP_GROWTH before, as in the clean
        // x3 (696 B/request, 706 KiB against 512 KiB of noise); what rose after the first cycle is within the noise.
        for (double[] measured : List.of(
                new double[]{387_584, 725_208, 786_080, 850_616, 763_712, 1_117_024, 1_198_752},
                new double[]{404_448, 893_384, 835_048, 740_880, 916_864, 1_008_640, 1_079_600})) {
            GcHeapJudge.Judgement fixed = quick(measured);
            assertThat(fixed.growth()).isGreaterThan(fixed.noise()); // what the reference alone called growth
            assertThat(fixed.outcome()).isEqualTo(GcHeapJudge.Outcome.LEVELLED);
        }
        // prom-heap-leaky with quick, the same day: 0.6 MiB, then 1.2 to 2.6 MiB, still climbing past the first cycle
        GcHeapJudge.Judgement leaky = quick(614_368, 1_220_360, 1_873_672, 1_738_136, 2_110_280, 2_302_872,
                2_627_208);
        assertThat(leaky.outcome()).isEqualTo(GcHeapJudge.Outcome.GROWING);
    }

    @Test
    void timedAbortsTooFewForACycleOfTheirOwnAreNamedButDoNotVoidTheLoadRoundsVerdict() {
        // Five flat load rounds (levelled), then a timed abort round of 42 cut requests inside one GC cycle: its
        // heap cannot be judged, as it was on expvar-heap-fixed with quick. The load rounds still judge the
        // endpoint: CLEAN, and the summary names what the aborts left unjudged.
        List<LoadRound> rounds = new ArrayList<>(rounds());
        Instant abort = T0.plusSeconds(20);
        rounds.add(new LoadRound(RoundKind.ABORT, abort, abort.plusMillis(200), abort.plusMillis(900), 0, 42, 42, 0,
                null, null));
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < 92; i++) {
            s.add(new Sample(T0.plusMillis(250L * i), "x", null, new EnumMap<>(cycling(i, 2 * MIB, 5 * MIB, 100)),
                    "pid-1"));
        }
        ScanObservations obs = new ScanObservations(s, T0, T0.plusSeconds(5), List.of(), null,
                List.of(new EndpointObservation(EP, rounds, ProfileSnapshots.NONE)),
                new TelemetryAvailability(offered(s), false, false, List.of()), List.of());

        assertThat(GcHeapJudge.judge(obs, new Timeline(obs))).extracting(j -> j.kind() + " " + j.outcome())
                .containsExactly("LOAD LEVELLED", "ABORT UNJUDGED");
        AnalysisResult r = new Analyzer().analyze(obs);
        assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(r.summary()).contains("The heap of GET /items/:id under client aborts (0 GC cycles, up to ")
                .contains("could not be judged without forcing a GC");
    }

    @Test
    void aForcedGcReadingIsTheBetterSignalAndWins() {
        ScanObservations obs = scan(84, i -> {
            Map<Signal, Double> v = cycling(i, 2 * MIB, 4.4 * MIB, 100);
            v.put(Signal.HEAP_AFTER_GC_BYTES, 2 * MIB);
            return v;
        });
        assertThat(GcHeapJudge.judge(obs, new Timeline(obs))).isEmpty();
    }

    @Test
    void heapFiguresWithoutAGcCountAreStillNamedNeverNoTelemetry() {
        ScanObservations obs = scan(84, i -> Map.of(Signal.HEAP_ALLOC_BYTES, 2 * MIB + (i % 4) * 200 * 1024.0));
        AnalysisResult r = new Analyzer().analyze(obs);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.summary()).doesNotContain("no memory telemetry")
                .contains("watched HeapAlloc (without a GC count, so the heap could not be told from garbage)")
                .contains("Neither a goroutine count nor a heap level the GC vouches for was read");
    }

    @Test
    void requestsSentBeforeAnInstantCountARoundInProgressInProportion() {
        List<LoadRound> rounds = rounds();
        assertThat(GcHeapJudge.requestsBefore(rounds, T0.plusSeconds(5))).isZero();
        assertThat(GcHeapJudge.requestsBefore(rounds, T0.plusSeconds(6))).isEqualTo(200);
        assertThat(GcHeapJudge.requestsBefore(rounds, T0.plusMillis(7500))).isEqualTo(400);
        assertThat(GcHeapJudge.requestsBefore(rounds, T0.plusSeconds(60))).isEqualTo(2000);
    }
}
