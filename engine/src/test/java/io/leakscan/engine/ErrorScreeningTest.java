package io.leakscan.engine;

import io.leakscan.analysis.RoundKind;
import io.leakscan.probe.Latency;
import io.leakscan.probe.RoundTraffic;
import io.leakscan.probe.ScanProfile;
import io.leakscan.probe.TrafficKind;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 19 part 6: which wrong inputs each endpoint gets, the requests they are, and how pooled rounds are judged. */
class ErrorScreeningTest {

    private static ScanEndpoint endpoint(String method, String route, String path, String body,
                                         Map<String, String> headers) {
        return new ScanEndpoint(new EndpointRef(method, route),
                new Endpoint(method, path, body, body == null ? null : "application/json", headers));
    }

    private static final ScanEndpoint IMPORTS = endpoint("POST", "/imports", "/imports", "{\"name\":\"a\"}", Map.of());
    private static final ScanEndpoint REPORT = endpoint("GET", "/reports/:id", "/reports/q3?full=1", null,
            Map.of("Authorization", "Bearer lab-token"));
    private static final ScanEndpoint HEALTH = endpoint("GET", "/healthz", "/healthz", null, Map.of());

    @Test
    void eachEndpointGetsTheWrongInputsThatApplyToIt() {
        assertThat(ErrorInput.applicable(IMPORTS, false)).containsExactly(ErrorInput.EMPTY_BODY,
                ErrorInput.MALFORMED_BODY, ErrorInput.WRONG_CONTENT_TYPE, ErrorInput.INVALID_AUTH);
        assertThat(ErrorInput.applicable(REPORT, false)).containsExactly(ErrorInput.MISSING_AUTH,
                ErrorInput.INVALID_AUTH, ErrorInput.UNKNOWN_PATH_PARAM);
        assertThat(ErrorInput.applicable(HEALTH, false)).containsExactly(ErrorInput.INVALID_AUTH);
        // credentials the target sends on every request are taken away from every endpoint
        assertThat(ErrorInput.applicable(HEALTH, true)).containsExactly(ErrorInput.MISSING_AUTH,
                ErrorInput.INVALID_AUTH);
        // a POST without a body still has a decoder that a malformed one can fail
        assertThat(ErrorInput.applicable(endpoint("POST", "/jobs/:name", "/jobs/x", null, Map.of()), false))
                .containsExactly(ErrorInput.MALFORMED_BODY, ErrorInput.INVALID_AUTH, ErrorInput.UNKNOWN_PATH_PARAM);
    }

    @Test
    void eachWrongInputIsTheEndpointsRequestWithOneThingWrong() {
        assertThat(ErrorInput.EMPTY_BODY.apply(IMPORTS)).extracting(Endpoint::body, Endpoint::contentType)
                .containsExactly("", "application/json");
        assertThat(ErrorInput.MALFORMED_BODY.apply(IMPORTS).body()).isEqualTo("{\"leakscan\":");
        assertThat(ErrorInput.WRONG_CONTENT_TYPE.apply(IMPORTS)).extracting(Endpoint::body, Endpoint::contentType)
                .containsExactly("{\"name\":\"a\"}", "text/plain");
        assertThat(ErrorInput.MISSING_AUTH.apply(REPORT).headers()).containsEntry("Authorization", "");
        assertThat(ErrorInput.INVALID_AUTH.apply(REPORT).headers())
                .containsEntry("Authorization", "Bearer leakscan-invalid-token").hasSize(1);
        assertThat(ErrorInput.UNKNOWN_PATH_PARAM.apply(REPORT).path()).isEqualTo("/reports/leakscan-unknown?full=1");
        assertThat(ErrorInput.UNKNOWN_PATH_PARAM.apply(REPORT).method()).isEqualTo("GET");
    }

    @Test
    void itemsGoEndpointByEndpointLeavingOutStreamsAndEndpointsThatAlreadyLeak() {
        EndpointWork imports = new EndpointWork(IMPORTS);
        EndpointWork report = new EndpointWork(REPORT);
        EndpointWork health = new EndpointWork(HEALTH);
        EndpointWork stream = new EndpointWork(endpoint("GET", "/events", "/events", null, Map.of()));
        stream.streaming = true;

        List<ErrorScreening.Item> items = ErrorScreening.items(List.of(imports, report, health, stream),
                Set.of(report.endpoint.route()), false);

        assertThat(items).extracting(i -> i.work().endpoint.route().path() + " " + i.input().id()).containsExactly(
                "/imports empty-body", "/imports malformed-body", "/imports wrong-content-type",
                "/imports invalid-auth", "/healthz invalid-auth");
        assertThat(ErrorScreening.works(items)).containsExactly(imports, health);
    }

    @Test
    void aPoolWhoseSlotsCannotTellIsSplitInHalvesAndASmallOneIntoSingleItems() {
        Optional<Set<Integer>> untold = Optional.empty();
        assertThat(PoolEnd.next(List.of(1, 2, 3, 4, 5, 6, 7), untold, 3)).containsExactly(List.of(1, 2, 3),
                List.of(4, 5, 6, 7));
        assertThat(PoolEnd.next(List.of(1, 2, 3), untold, 3)).containsExactly(List.of(1), List.of(2), List.of(3));
        assertThat(PoolEnd.next(List.of(1, 2, 3, 4), untold, 3)).containsExactly(List.of(1, 2), List.of(3, 4));
        assertThat(PoolEnd.next(List.of(1, 2, 3, 4), Optional.of(Set.of(0, 1, 2, 3)), 3))
                .as("slots naming every item tell nothing").containsExactly(List.of(1, 2), List.of(3, 4));
    }

    @Test
    void aPoolWhoseSlotsNameSomeItemsProbesThemAloneAndPoolsTheRestOnceMore() {
        List<Integer> pool = List.of(10, 11, 12, 13, 14, 15, 16, 17, 18);

        assertThat(PoolEnd.next(pool, Optional.of(Set.of(2, 7)), 3)).containsExactly(List.of(12), List.of(17),
                List.of(10, 11, 13, 14, 15, 16, 18));
        assertThat(PoolEnd.next(List.of(1, 2), Optional.of(Set.of(1)), 3)).containsExactly(List.of(2), List.of(1));
    }

    @Test
    void aSplitPoolSetsAsideOnlyItsOwnItemsPooledRounds() {
        EndpointWork imports = new EndpointWork(IMPORTS);
        imports.rounds.add(round("load", null));
        imports.rounds.add(round("screen error empty-body", ErrorInput.EMPTY_BODY));
        imports.rounds.add(round("screen error malformed-body", ErrorInput.MALFORMED_BODY));
        imports.rounds.add(round("error malformed-body", ErrorInput.MALFORMED_BODY));

        ErrorScreening.setAside(List.of(new ErrorScreening.Item(imports, ErrorInput.MALFORMED_BODY)));

        assertThat(imports.rounds).extracting(r -> r.purpose() + " " + r.analyzed() + " " + r.input()).containsExactly(
                "load true null", "screen error empty-body true EMPTY_BODY",
                "screen error malformed-body false MALFORMED_BODY", "error malformed-body true MALFORMED_BODY");
    }

    @Test
    void aWrongInputRoundReachesTheAnalysisAsItsInputsSeriesWithItsStatus() {
        RoundReport r = round("error malformed-body", ErrorInput.MALFORMED_BODY);
        var analysis = ScanEvidence.toAnalysis(r);
        assertThat(analysis.kind()).isEqualTo(RoundKind.ERROR_INPUT);
        assertThat(analysis.input()).isEqualTo("a malformed JSON body");
        assertThat(analysis.status()).isEqualTo(400);
        assertThat(ScanEvidence.toAnalysis(round("load", null)).kind()).isEqualTo(RoundKind.LOAD);
    }

    @Test
    void onlyEchoSpecificScansPlanWrongInputRounds() {
        assertThat(RoundPlan.of(ScanProfile.QUICK, true, true).wrongInputs().requests())
                .isEqualTo(RoundPlan.WRONG_INPUT_REQUESTS);
        assertThat(RoundPlan.of(ScanProfile.QUICK, false, true).wrongInputs()).isNull();
        assertThat(RoundPlan.of(ScanProfile.QUICK, true, true).wrongInputRounds()).isEqualTo(3);
    }

    private static RoundReport round(String purpose, ErrorInput input) {
        Instant t = Instant.parse("2026-12-06T07:00:00Z");
        RoundTraffic traffic = new RoundTraffic(new EndpointRef("POST", "/imports"), TrafficKind.LOAD, t,
                t.plusSeconds(1), Duration.ofSeconds(1), 50, 50, Map.of(400, 48L, 415, 2L), Map.of(), 0, 0, 0,
                Latency.NONE, 250, 8, 1, 0, null);
        return new RoundReport(purpose, true, traffic, t.plusSeconds(3), input);
    }
}
