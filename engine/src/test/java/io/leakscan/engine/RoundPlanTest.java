package io.leakscan.engine;

import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
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
    void breadthAddsTheIdentityHeadersEachRouteAndQueryParameterAndTheUnknownPathsOnce() {
        RoundPlan.KeyRounds keys = RoundPlan.of(ScanProfile.QUICK, true, true).keys();
        ScanEndpoint badge = new ScanEndpoint(new EndpointRef("GET", "/orgs/:org/badges/{label}"),
                Endpoint.get("/orgs/acme/badges/build?style=flat&size=2&a=1&b=2"));

        assertThat(keys.placementsFor(badge, true)).containsExactly(KeyPlacement.xForwardedFor(),
                new KeyPlacement.Identity(), new KeyPlacement.PathParam("org", 1),
                new KeyPlacement.PathParam("label", 3), new KeyPlacement.QueryParam("style"),
                new KeyPlacement.QueryParam("size"), new KeyPlacement.QueryParam("a"), new KeyPlacement.UnknownPath());
        assertThat(keys.placementsFor(badge, false)).doesNotContain(new KeyPlacement.UnknownPath());
        // a wildcard that spans several segments gets no path key rather than one in the wrong place
        ScanEndpoint files = new ScanEndpoint(new EndpointRef("GET", "/files/*"), Endpoint.get("/files/a/b.txt"));
        assertThat(keys.placementsFor(files, false)).containsExactly(KeyPlacement.xForwardedFor(),
                new KeyPlacement.Identity());
    }

    @Test
    void theAddedPlacementsCostAtMostTwoHundredRequestsARound() {
        RoundPlan.KeyRounds keys = RoundPlan.of(ScanProfile.MEMORY, false, true).keys();
        assertThat(keys.plan(KeyPlacement.xForwardedFor(), ScanProfile.MEMORY).requests())
                .isEqualTo(ScanProfile.MEMORY.keyRequests());
        assertThat(keys.plan(new KeyPlacement.UnknownPath(), ScanProfile.MEMORY).requests())
                .isEqualTo(RoundPlan.BREADTH_KEY_REQUESTS);
        assertThat(RoundPlan.of(ScanProfile.QUICK, true, true).keys().plan(new KeyPlacement.Identity(),
                ScanProfile.QUICK).requests()).isEqualTo(RoundPlan.ECHO_KEY_REQUESTS);
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

    @org.junit.jupiter.params.ParameterizedTest(name = "forced-GC heap {0}, GC count {1}: at most {2} load rounds")
    @org.junit.jupiter.params.provider.CsvSource({"true, true, 3", "true, false, 3", "false, false, 3",
            "false, true, 12"})
    void onlyAHeapJudgedOnTheGcsOwnFiguresGetsLoadRoundsBeyondTheProfiles(boolean heapOffered, boolean gcCount,
                                                                         int maxRounds) {
        RoundPlan plan = RoundPlan.of(ScanProfile.QUICK, false, heapOffered, gcCount);

        assertThat(plan.maxLoadRounds()).isEqualTo(maxRounds);
        assertThat(plan.load()).as("the extra rounds are load rounds like the profile's")
                .isEqualTo(ScanProfile.QUICK.loadPlan());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1} streams, {2} at a time")
    @org.junit.jupiter.params.provider.CsvSource({"quick, 50, 25", "memory, 50, 10", "deep, 200, 20"})
    void aStreamGetsAtLeastFiftyStreamsARoundInAsManyWavesAsAnAbortRound(String profile, int streams,
                                                                        int concurrency) {
        ScanProfile p = ScanProfile.named(profile);
        RoundPlan plan = RoundPlan.of(p, false, true);

        assertThat(plan.streams().requests()).isEqualTo(streams);
        assertThat(plan.streams().concurrency()).isEqualTo(concurrency);
        assertThat(Math.ceil((double) plan.streams().requests() / plan.streams().concurrency()))
                .as("waves of abortAfter").isEqualTo(Math.ceil((double) plan.aborts().requests()
                        / plan.aborts().concurrency()));
        assertThat(plan.streams().abortAfter()).isEqualTo(plan.aborts().abortAfter());
    }

    @Test
    void aTunedAbortCountIsTheStreamsCountToo() {
        ScanProfile tuned = ScanProfile.QUICK.with(new io.leakscan.probe.ProfileOverrides(null, null, null, null, null,
                null, null, 5, 5, null, null, null), io.leakscan.probe.ProbeLimits.DEFAULT_SERVER_MAXIMA);

        RoundPlan plan = RoundPlan.of(tuned, false, true);

        assertThat(plan.streams().requests()).isEqualTo(5);
        assertThat(plan.streams().concurrency()).isEqualTo(5);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "median {0} ms: cuts at {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "300, 1 ms;150 ms;270 ms",
            "4, 1 ms;2 ms;3.6 ms",
            "3, 1 ms;2.7 ms",
            "2, 1 ms",
            "1.2, 1 ms",
            "0.4, 1 ms"})
    void abortsCutBeforeTheHandlerInTheMiddleAndJustBeforeTheAnswer(double median, String cuts) {
        assertThat(RoundPlan.abortCuts(median).stream().map(AbortScreening::millis).toList())
                .containsExactly(cuts.split(";"));
    }

    @Test
    void timedAbortsShareTheProfilesAbortRequestsAmongTheCutsAndRunAsManyRoundsAsTheLoadUpToThree() {
        RoundPlan quick = RoundPlan.of(ScanProfile.QUICK, false, true);
        assertThat(quick.timedAbort(Duration.ofMillis(150), 3).requests()).isEqualTo(7);
        assertThat(quick.timedAbort(Duration.ofMillis(150), 3).abortAfter()).isEqualTo(Duration.ofMillis(150));
        assertThat(quick.timedAbort(Duration.ofMillis(1), 1).requests()).isEqualTo(ScanProfile.QUICK.abortRequests());
        assertThat(quick.timedAbortRounds()).isEqualTo(3);
        assertThat(RoundPlan.of(ScanProfile.DEEP, false, true).timedAbortRounds()).isEqualTo(3);
    }
}
