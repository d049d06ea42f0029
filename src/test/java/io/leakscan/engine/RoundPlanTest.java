package io.leakscan.engine;

import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.ScanProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RoundPlanTest {

    @Test
    void quickSendsNoKeyRoundsUnlessEchoSpecificAndTheHeapIsWatched() {
        assertThat(RoundPlan.of(ScanProfile.QUICK, false, true).keys()).isNull();
        assertThat(RoundPlan.of(ScanProfile.QUICK, true, false).keys()).as("no post-GC heap: no key rounds").isNull();

        RoundPlan.KeyRounds keys = RoundPlan.of(ScanProfile.QUICK, true, true).keys();
        assertThat(keys.placements()).containsExactly(KeyPlacement.xForwardedFor());
        assertThat(keys.requests()).isEqualTo(RoundPlan.ECHO_KEY_REQUESTS);
        assertThat(keys.repeatedRounds()).isEqualTo(1);
        assertThat(keys.distinctRounds()).isEqualTo(3);
    }

    @Test
    void memoryKeepsItsOwnKeyRoundsAndAddsXForwardedForOnlyOnce() {
        RoundPlan.KeyRounds keys = RoundPlan.of(ScanProfile.MEMORY, true, true).keys();

        assertThat(keys.requests()).isEqualTo(ScanProfile.MEMORY.keyRequests());
        assertThat(keys.placements()).startsWith(ScanProfile.MEMORY.keyPlacements().toArray(KeyPlacement[]::new))
                .containsOnlyOnce(KeyPlacement.xForwardedFor());
    }

    @Test
    void thePilotIsOneRequestWithAOneSecondLimitAndTheWarmUpTwiceTheConcurrency() {
        RoundPlan plan = RoundPlan.of(ScanProfile.QUICK, false, true);

        assertThat(plan.pilot().requests()).isEqualTo(1);
        assertThat(plan.pilot().abortAfter()).isEqualTo(RoundPlan.PILOT_LIMIT);
        assertThat(plan.warmUp().requests()).isEqualTo(2 * ScanProfile.QUICK.concurrency());
        assertThat(plan.load()).isEqualTo(ScanProfile.QUICK.loadPlan());
        assertThat(plan.aborts()).isEqualTo(ScanProfile.QUICK.abortPlan());
        assertThat(plan.aborts().requests()).isEqualTo(20);
        assertThat(plan.aborts().abortAfter()).isEqualTo(Duration.ofMillis(500));
    }
}
