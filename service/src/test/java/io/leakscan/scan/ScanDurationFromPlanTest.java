package io.leakscan.scan;

import io.leakscan.engine.ScanPlan;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scan that asks for no duration gets the default, or room for its plan when the plan needs longer (up to the
 * server's maximum); a duration asked for is held as given. Before, memory on a 29-route service over the API was
 * refused with PLAN_EXCEEDS_LIMITS under the 15-minute default although the server allows 60.
 */
class ScanDurationFromPlanTest {

    /** The service's defaults: 200 req/s, 16 concurrent, 15 min; at most 500, 64, 60 min. */
    static final ScanLimitsProperties PROPERTIES = new ScanLimitsProperties(200, 500, 16, 64, Duration.ofMinutes(15),
            Duration.ofMinutes(60));
    static final ProbeLimits MAXIMA = PROPERTIES.serverMaxima();

    static ScanSpec spec(int endpoints, Profile profile, ScanLimits limits) {
        List<Endpoint> list = IntStream.range(0, endpoints).mapToObj(i -> Endpoint.get("/api/v1/r" + i)).toList();
        return new ScanSpec(new TargetSpec(URI.create("http://127.0.0.1:8080"), null), list, profile, false, null,
                limits, null);
    }

    static Duration duration(ScanSpec spec) {
        ScanPlan plan = EngineStep.plan(spec, MAXIMA, List.of());
        return plan.limits().maxDuration();
    }

    @Test
    void noDurationAskedIsMarkedSoTheWorkerCanSizeIt() {
        assertThat(PROPERTIES.effective(null, null, null))
                .isEqualTo(new ScanLimits(200, 16, 900, true));
        assertThat(PROPERTIES.effective(null, null, 1200))
                .isEqualTo(new ScanLimits(200, 16, 1200, false));
    }

    @Test
    void aBigMemoryScanGetsRoomForItsPlanUpToTheMaximum() {
        Duration sized = duration(spec(29, Profile.MEMORY, PROPERTIES.effective(null, null, null)));
        // 29 endpoints of memory are about 18 min at 200 req/s: twice that plus 5 min is over the 60-min maximum
        assertThat(sized).isGreaterThan(Duration.ofMinutes(18)).isLessThanOrEqualTo(Duration.ofMinutes(60));
        Duration ten = duration(spec(10, Profile.MEMORY, PROPERTIES.effective(null, null, null)));
        assertThat(ten).isGreaterThan(Duration.ofMinutes(15)).isLessThan(Duration.ofMinutes(60));
    }

    @Test
    void aPlanThatFitsTheDefaultKeepsIt() {
        assertThat(duration(spec(1, Profile.MEMORY, PROPERTIES.effective(null, null, null))))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(duration(spec(3, Profile.QUICK, PROPERTIES.effective(null, null, null))))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aDurationAskedForIsHeldAsGiven() {
        assertThat(duration(spec(29, Profile.MEMORY, PROPERTIES.effective(null, null, 900))))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aPlanBeyondTheMaximumIsLeftToTheEngineToRefuse() {
        // deep on 29 endpoints needs about 51 min at its rate: capped at the maximum, the engine refuses it with figures
        assertThat(duration(spec(29, Profile.DEEP, PROPERTIES.effective(null, null, null))))
                .isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void aRerunSizesItsDurationAgainUnlessOneWasAsked() {
        assertThat(RerunRequests.of(spec(2, Profile.QUICK, new ScanLimits(200, 16, 900, true))).limits()
                .maxDurationSeconds()).isNull();
        assertThat(RerunRequests.of(spec(2, Profile.QUICK, new ScanLimits(200, 16, 900, false))).limits()
                .maxDurationSeconds()).isEqualTo(900);
    }

    @Test
    void aSpecStoredBeforeTheFlagReadsAsAskedFor() {
        JsonMapper json = JsonMapper.builder().build();
        ScanLimits old = json.readValue("{\"maxRequestsPerSecond\":200,\"maxConcurrency\":16,"
                + "\"maxDurationSeconds\":900}", ScanLimits.class);
        assertThat(old.durationFromPlan()).isFalse();
        assertThat(json.readValue(json.writeValueAsString(new ScanLimits(1, 2, 3, true)), ScanLimits.class))
                .isEqualTo(new ScanLimits(1, 2, 3, true));
    }
}
