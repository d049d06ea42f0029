package io.leakscan.analysis;

import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.DoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member of a pooled screening round is judged on its own wake: the readings after its requests and before the next
 * member's. Three members of 2 s slots, each followed by a wake, then the pool's window; three rounds, 12 s apart.
 */
class PooledWakeTest {

    private static final Analyzer ANALYZER = new Analyzer();
    private static final String[] MEMBERS = {"GET /a", "GET /b", "GET /c"};
    private static final double FIRST = 6;
    private static final double ROUND = 12;
    private static final double SLOT = 2;
    private static final double WAKE = 0.5;
    /** The next member's requests start a moment after its predecessor's wake ended. */
    private static final double NEXT = 0.1;

    private static double slotStart(int round, int member) {
        return FIRST + round * ROUND + member * (SLOT + WAKE + NEXT);
    }

    /** Every member's slot in every round; its decay read until its wake's end, or through the pool's window. */
    private static SyntheticScan rounds(SyntheticScan scan, boolean ownWakes) {
        for (int round = 0; round < 3; round++) {
            double settleEnd = slotStart(round, MEMBERS.length - 1) + SLOT + 2;
            for (int m = 0; m < MEMBERS.length; m++) {
                double end = slotStart(round, m) + SLOT;
                boolean last = m == MEMBERS.length - 1;
                scan.pooled(MEMBERS[m], slotStart(round, m), end, ownWakes && !last ? end + WAKE : settleEnd,
                        settleEnd, 400);
            }
        }
        return scan;
    }

    /** 20 goroutines at rest, 24 more while any member's requests are in flight. */
    private static double inFlight(double t) {
        for (int round = 0; round < 3; round++) {
            for (int m = 0; m < MEMBERS.length; m++) {
                double s = slotStart(round, m);
                if (t >= s && t < s + SLOT) {
                    return 44;
                }
            }
        }
        return 20;
    }

    @Test
    void laterMembersRequestsInFlightAreNotTheFirstMembersLingering() {
        Map<Signal, DoubleFunction<Double>> readings = Map.of(Signal.GOROUTINES, PooledWakeTest::inFlight);

        AnalysisResult own = ANALYZER.analyze(rounds(new SyntheticScan().readings(0, 45, readings), true).build());
        AnalysisResult through = ANALYZER.analyze(
                rounds(new SyntheticScan().readings(0, 45, readings), false).build());

        assertThat(own.findings()).isEmpty();
        assertThat(own.verdict()).isEqualTo(Verdict.CLEAN);
        // read through the pool's window, the same readings make the first member linger for the later slots
        assertThat(through.findings()).anyMatch(f -> f.kind() == FindingKind.LINGERING_GOROUTINES
                && f.endpoint().path().equals("/a"));
    }

    @Test
    void aMemberWhoseGoroutinesOutliveItsWakeStillLingers() {
        // GET /a leaves one goroutine per request for 5 s: still up when its half-second wake ends
        DoubleFunction<Double> g = t -> {
            double v = inFlight(t);
            for (int round = 0; round < 3; round++) {
                double s = slotStart(round, 0);
                if (t >= s && t < s + SLOT + 5) {
                    v += 200 * Math.min(t - s, SLOT) - (t > s + 5 ? 200 * (t - s - 5) : 0);
                }
            }
            return v;
        };

        AnalysisResult r = ANALYZER.analyze(
                rounds(new SyntheticScan().readings(0, 45, Map.of(Signal.GOROUTINES, g)), true).build());

        assertThat(r.findings()).anyMatch(f -> f.kind() == FindingKind.LINGERING_GOROUTINES
                && f.endpoint().path().equals("/a"));
        assertThat(r.findings()).noneMatch(f -> f.endpoint() != null && !f.endpoint().path().equals("/a"));
    }
}
