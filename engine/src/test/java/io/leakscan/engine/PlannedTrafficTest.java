package io.leakscan.engine;

import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PlannedTrafficTest {

    private static final ProbeLimits MAXIMA = ProbeLimits.DEFAULT_SERVER_MAXIMA;

    private static ScanPlan plan(ScanProfile profile, int endpoints, Map<String, String> headers, ProbeLimits limits) {
        List<ScanEndpoint> eps = IntStream.range(0, endpoints)
                .mapToObj(i -> new ScanEndpoint(new EndpointRef("GET", "/users/:id"), Endpoint.get("/users/42")))
                .toList();
        return new ScanPlan(new TargetSpec(URI.create("http://127.0.0.1:8081"), headers), eps, profile, null, true,
                List.of(), Map.of(), limits);
    }

    @Test
    void oneEndpointOfMemoryCountsEveryRoundItGets() {
        // pilot 1, warm-up 2 x 16, load 5 x 400, timed aborts 3 rounds x 3 cuts x 17 (50 / 3 rounded up), wrong inputs
        // (an invalid token, an unknown :id) 2 x 50 x 3, keys 4 rounds each of X-Forwarded-For (1000) and of the
        // identity headers, :id and the unknown paths (200 each)
        long expected = 1 + 32 + 2000 + 153 + 300 + 4 * (1000 + 3 * 200);
        PlannedTraffic t = PlannedTraffic.of(plan(ScanProfile.MEMORY, 1, Map.of(), null), MAXIMA, true);
        assertThat(t.requests()).isEqualTo(expected);
        // at 200/s, with the 5 s baseline and one 8 s settle
        assertThat(t.rateFloor()).isEqualTo(Duration.ofMillis(Math.round((expected / 200.0 + 13) * 1000)));
    }

    @Test
    void withoutAHeapReadingThereAreNoKeyRoundsAndCredentialsAddTheMissingAuthInput() {
        long withHeap = PlannedTraffic.of(plan(ScanProfile.MEMORY, 1, Map.of(), null), MAXIMA, true).requests();
        long noHeap = PlannedTraffic.of(plan(ScanProfile.MEMORY, 1, Map.of(), null), MAXIMA, false).requests();
        long auth = PlannedTraffic.of(plan(ScanProfile.MEMORY, 1, Map.of("Authorization", "Bearer t"), null), MAXIMA,
                false).requests();
        assertThat(withHeap - noHeap).isEqualTo(4 * (1000 + 3 * 200));
        assertThat(auth - noHeap).isEqualTo(50 * 3);
    }

    @Test
    void deepOnThirtyOneEndpointsIsAboveTheDefaultBudget() {
        ScanPlan deep = plan(ScanProfile.DEEP, 31, Map.of(), null);
        PlannedTraffic t = PlannedTraffic.of(deep, MAXIMA, true);
        assertThat(t.requests()).isGreaterThan(1_000_000);
        assertThat(t.exceeds(deep.limits().within(MAXIMA), "deep", 31)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("deep on 31 endpoints sends about " + String.format(java.util.Locale.ROOT, "%,d",
                        t.requests()) + " requests even if nothing leaks, above this scan's budget of 500,000"));
    }

    @Test
    void aDurationLimitBelowTheRateFloorIsNamedAndOneWithinItPasses() {
        ProbeLimits fifteenMinutes = new ProbeLimits(500, 64, 2_000_000, Duration.ofMinutes(15));
        ScanPlan memory = plan(ScanProfile.MEMORY, 31, Map.of(), fifteenMinutes);
        PlannedTraffic t = PlannedTraffic.of(memory, MAXIMA, true);
        assertThat(t.rateFloor()).isGreaterThan(Duration.ofMinutes(15));
        assertThat(t.exceeds(fifteenMinutes, "memory", 31)).hasValueSatisfying(m -> assertThat(m)
                .contains("at least " + t.rateFloor().toMinutes() + " min at its rate, above this scan's limit of 15 min"));
        assertThat(t.exceeds(MAXIMA, "memory", 31)).isEmpty();
        ScanPlan quick = plan(ScanProfile.QUICK, 1, Map.of(), null);
        assertThat(PlannedTraffic.of(quick, MAXIMA, true).exceeds(MAXIMA, "quick", 1)).isEmpty();
    }

    @Test
    void aLowerRateLimitLengthensTheFloor() {
        ProbeLimits slow = new ProbeLimits(50, 64, 500_000, Duration.ofMinutes(60));
        Duration atProfileRate = PlannedTraffic.of(plan(ScanProfile.MEMORY, 3, Map.of(), null), MAXIMA, true)
                .rateFloor();
        Duration at50 = PlannedTraffic.of(plan(ScanProfile.MEMORY, 3, Map.of(), slow), MAXIMA, true).rateFloor();
        assertThat(at50.toMillis()).isGreaterThan(3 * atProfileRate.toMillis());
    }
}
