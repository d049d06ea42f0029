package io.leakscan.engine;

import io.leakscan.probe.ScanProfile;
import io.leakscan.target.Endpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class GroupScreeningTest {

    @ParameterizedTest(name = "{0} endpoints: groups of {1}")
    @CsvSource({
            "6, 6",
            "7, 4 3",
            "12, 6 6",
            "13, 5 4 4",
            "29, 6 6 6 6 5",
            "31, 6 5 5 5 5 5"})
    void endpointsAreSplitIntoGroupsOfAtMostTheGroupSizeAsEvenAsTheyDivide(int endpoints, String sizes) {
        List<EndpointWork> works = IntStream.range(0, endpoints)
                .mapToObj(i -> new EndpointWork(ScanEndpoint.of(Endpoint.get("/r" + i)))).toList();

        List<List<EndpointWork>> groups = GroupScreening.groups(works);

        assertThat(groups.stream().map(g -> String.valueOf(g.size())).toList())
                .containsExactly(sizes.split(" "));
        assertThat(groups.stream().flatMap(List::stream).toList()).as("every endpoint once, in plan order")
                .containsExactlyElementsOf(works);
    }

    @ParameterizedTest(name = "{0}: window of {1} ms after the round: held open {2}")
    @CsvSource({"quick, 900, false", "quick, 1400, false", "quick, 2000, false", "quick, 2001, true",
            "quick, 6000, true", "memory, 1000, false", "memory, 2000, false", "memory, 2001, true"})
    void aWindowOpenPastTwiceWhatACleanOneTakesSendsTheGroupToBeProbedMemberByMember(String profile,
                                                                                    long windowMillis,
                                                                                    boolean heldOpen) {
        // quick's gap is half a second, but its clean windows wait for their readings (about 0.9 s, up to 1.4 s
        // under load): twice the gap would hold open every group
        Instant end = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(GroupScreening.heldOpen(end, end.plusMillis(windowMillis), ScanProfile.named(profile)))
                .isEqualTo(heldOpen);
    }

    @ParameterizedTest(name = "named {0} of 6: narrows {1}")
    @CsvSource({"'', false", "'2', true", "'1 2', true", "'0 1 2 3 4', true", "'0 1 2 3 4 5', false"})
    void aHeldOpenScreenEndsEarlyOnlyWhenItsSlotsNameSomeMembersButNotAll(String named, boolean narrows) {
        Set<Integer> members = named.isBlank() ? Set.of()
                : Arrays.stream(named.split(" ")).map(Integer::valueOf).collect(Collectors.toSet());

        assertThat(GroupScreening.narrows(Optional.of(members), 6)).isEqualTo(narrows);
        assertThat(GroupScreening.narrows(Optional.empty(), 6)).as("readings that cannot tell").isFalse();
    }

    @ParameterizedTest(name = "{0}: each member its own wake: {1}")
    @CsvSource({"quick, false", "memory, true", "deep, true"})
    void membersGetTheirOwnWakeWhereASlotOutlastsACleanWindow(String profile, boolean wakes) {
        // quick: 150 requests at 250/s, 0.6 s a slot; memory 2 s; deep 5 s
        assertThat(GroupScreening.ownWakes(ScanProfile.named(profile))).isEqualTo(wakes);
    }

    @ParameterizedTest(name = "{0} endpoints screened: {1}")
    @CsvSource({"1, false", "2, false", "5, false", "6, true", "31, true"})
    void onlyScansOfSeveralEndpointsAreScreened(int endpoints, boolean screened) {
        assertThat(GroupScreening.applies(endpoints)).isEqualTo(screened);
    }
}
