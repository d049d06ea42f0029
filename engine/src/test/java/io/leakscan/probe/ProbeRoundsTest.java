package io.leakscan.probe;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a round sends and how it reports what came back. */
class ProbeRoundsTest {

    LoopbackTarget server;
    ProbeSession session;

    @BeforeEach
    void start() {
        server = new LoopbackTarget();
        session = open(Probes.SHORT_TIMEOUTS);
    }

    ProbeSession open(ClientSettings client) {
        // Distress off for these tests: a window that never fills lets us look at raw errors.
        DistressPolicy lenient = new DistressPolicy(1.0, 1_000_000, Duration.ZERO, 0, Duration.ZERO);
        return Probes.engine(Probes.limits(500, 8, 10_000, Duration.ofMinutes(1)), lenient, client)
                .open(new TargetSpec(server.baseUrl(), Map.of("Authorization", "Bearer target-token", "X-Env", "target")),
                        Probes.limits(500, 8, 10_000, Duration.ofMinutes(1)), new CancellationToken());
    }

    @AfterEach
    void stop() {
        session.close();
        server.close();
    }

    @Test
    void sendsTheEndpointsMethodBodyContentTypeAndHeadersOnTopOfTheTargetsHeaders() {
        Endpoint endpoint = new Endpoint("post", "/items?verbose=1", "{\"name\":\"x\"}", "application/json",
                Map.of("X-Env", "endpoint", "X-Trace", "abc"));

        RoundOutcome outcome = session.load(endpoint, new LoadPlan(3, 2, 100));

        assertThat(outcome.round().completed()).isEqualTo(3);
        assertThat(outcome.round().endpoint().toString()).isEqualTo("POST /items?verbose=1");
        assertThat(server.seen()).hasSize(3).allSatisfy(seen -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.uri()).isEqualTo("/items?verbose=1");
            assertThat(seen.body()).isEqualTo("{\"name\":\"x\"}");
            assertThat(seen.headers()).containsEntry("Content-Type", "application/json")
                    .containsEntry("Authorization", "Bearer target-token")
                    .containsEntry("X-Env", "endpoint")
                    .containsEntry("X-Trace", "abc")
                    .containsEntry("User-Agent", "Leakscan/0.1 probe")
                    .doesNotContainKey("Accept-Encoding"); // compression off: bodies are measured as sent
        });
    }

    @Test
    void countsStatusesAndLatencyPercentiles() {
        RoundOutcome ok = session.load(Endpoint.get("/slow/20"), new LoadPlan(20, 4, 500));
        RoundOutcome notFound = session.load(Endpoint.get("/status/404"), new LoadPlan(5, 2, 500));
        RoundOutcome serverError = session.load(Endpoint.get("/status/500"), new LoadPlan(5, 2, 500));
        RoundOutcome redirect = session.load(Endpoint.get("/status/302"), new LoadPlan(2, 2, 500));

        assertThat(ok.round().statusHistogram()).containsExactly(Map.entry(200, 20L));
        Latency latency = ok.round().latency();
        assertThat(latency.samples()).isEqualTo(20);
        assertThat(latency.p50Millis()).isGreaterThanOrEqualTo(19.0);
        assertThat(latency.p50Millis()).isLessThanOrEqualTo(latency.p95Millis());
        assertThat(latency.p95Millis()).isLessThanOrEqualTo(latency.p99Millis());
        assertThat(latency.p99Millis()).isLessThanOrEqualTo(latency.maxMillis());
        assertThat(notFound.round().statusHistogram()).containsExactly(Map.entry(404, 5L));
        assertThat(serverError.round().statusHistogram()).containsExactly(Map.entry(500, 5L));
        assertThat(serverError).isInstanceOf(RoundOutcome.Completed.class); // a 500 is an answer, not distress
        assertThat(redirect.round().statusHistogram()).containsExactly(Map.entry(302, 2L)); // never followed
        assertThat(server.requests()).isEqualTo(32);
    }

    @Test
    void classifiesRefusedResetAndTimedOutRequests() {
        int closedPort;
        try (LoopbackTarget gone = new LoopbackTarget()) {
            closedPort = gone.port();
        }
        RoundOutcome reset = session.load(Endpoint.get("/reset"), new LoadPlan(3, 1, 500));
        assertThat(reset.round().errors()).containsExactly(Map.entry(ErrorCause.RESET, 3L));

        ProbeSession quickTimeout = open(new ClientSettings(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(5)));
        try {
            RoundOutcome timedOut = quickTimeout.load(Endpoint.get("/slow/3000"), new LoadPlan(2, 2, 500));
            assertThat(timedOut.round().errors()).containsExactly(Map.entry(ErrorCause.TIMEOUT, 2L));
            assertThat(timedOut.round().completed()).isZero();
        } finally {
            quickTimeout.close();
        }

        ProbeSession refused = Probes.engine(Probes.limits(500, 2, 100, Duration.ofMinutes(1)),
                        new DistressPolicy(1.0, 1000, Duration.ZERO, 0, Duration.ZERO), Probes.SHORT_TIMEOUTS)
                .open(new TargetSpec(URI.create("http://127.0.0.1:" + closedPort), Map.of()),
                        Probes.limits(500, 2, 100, Duration.ofMinutes(1)), new CancellationToken());
        try {
            RoundOutcome outcome = refused.load(Endpoint.get("/ok"), new LoadPlan(3, 2, 500));
            assertThat(outcome.round().errors()).containsExactly(Map.entry(ErrorCause.CONNECT_REFUSED, 3L));
            assertThat(outcome.round().sent()).isEqualTo(3);
        } finally {
            refused.close();
        }
    }

    @Test
    void aResponseThatNeverEndsRunsIntoTheWholeRequestTimeout() {
        // The stream writes every 50 ms, so the read-idle response timeout never fires; the request timeout does.
        ProbeSession strict = open(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(500)));
        try {
            RoundOutcome outcome = strict.load(Endpoint.get("/stream"), new LoadPlan(3, 3, 100));

            assertThat(outcome).isInstanceOf(RoundOutcome.Completed.class);
            assertThat(outcome.round().errors()).containsExactly(Map.entry(ErrorCause.TIMEOUT, 3L));
            assertThat(outcome.round().interrupted()).isZero();
            assertThat(outcome.round().duration()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> server.inFlight() == 0);
        } finally {
            strict.close();
        }
    }

    @Test
    void abortsCutTheConnectionBeforeTheResponseCompletesAndConfirmTheClose() {
        int closedBefore = server.closedConnections();
        AbortPlan plan = new AbortPlan(6, 3, 100, Duration.ofMillis(250), Duration.ofSeconds(1));

        RoundOutcome streams = session.abort(Endpoint.get("/stream"), plan);
        RoundOutcome slow = session.abort(Endpoint.get("/slow/3000"), plan);

        for (RoundOutcome outcome : new RoundOutcome[] {streams, slow}) {
            RoundTraffic round = outcome.round();
            assertThat(outcome).isInstanceOf(RoundOutcome.Completed.class);
            assertThat(round.kind()).isEqualTo(TrafficKind.ABORT);
            assertThat(round.sent()).isEqualTo(6);
            assertThat(round.aborted()).isEqualTo(6);
            assertThat(round.abortsConfirmedClosed()).isEqualTo(6);
            assertThat(round.completed()).isZero();
        }
        // The far side saw every one of those connections go away, and nothing is left open.
        Awaitility.await().atMost(Duration.ofSeconds(2))
                .until(() -> server.closedConnections() - closedBefore >= 12 && server.openConnections() == 0);
        assertThat(server.inFlight()).isZero();
    }

    @Test
    void anAbortRoundOnAFastEndpointCompletesInsteadOfAborting() {
        RoundOutcome outcome = session.abort(Endpoint.get("/ok"),
                new AbortPlan(4, 2, 100, Duration.ofSeconds(2), Duration.ofSeconds(1)));

        assertThat(outcome.round().completed()).isEqualTo(4);
        assertThat(outcome.round().aborted()).isZero();
    }

    @Test
    void distinctKeysAreNewOnEveryRequestWhileTheControlRepeatsOne() {
        KeyPlan plan = new KeyPlan(20, 4, 500, KeyPlacement.xForwardedFor());

        // As the engine runs them: the control round first, then the distinct keys.
        RoundOutcome repeated = session.keyRound(Endpoint.get("/ok"), plan, false);
        RoundOutcome distinct = session.keyRound(Endpoint.get("/ok"), plan, true);

        assertThat(repeated.round().kind()).isEqualTo(TrafficKind.REPEATED_KEY);
        assertThat(repeated.round().distinctKeys()).isEqualTo(1);
        assertThat(repeated.round().key()).isEqualTo(KeyPlacement.xForwardedFor());
        assertThat(distinct.round().kind()).isEqualTo(TrafficKind.DISTINCT_KEY);
        assertThat(distinct.round().distinctKeys()).isEqualTo(20);
        assertThat(distinct.round().key()).isEqualTo(KeyPlacement.xForwardedFor());
        var values = server.seen().stream().map(s -> s.headers().get("X-Forwarded-For")).toList();
        assertThat(values).hasSize(40).allMatch(v -> v.startsWith("198.18.") || v.startsWith("198.19."));
        assertThat(values.subList(0, 20)).containsOnly(values.get(0));
        assertThat(values.subList(20, 40)).doesNotHaveDuplicates().doesNotContain(values.get(0));

        // A second distinct round never reuses a key the session already sent.
        session.keyRound(Endpoint.get("/ok"), plan, true);
        var allDistinct = server.seen().stream().skip(20).map(s -> s.headers().get("X-Forwarded-For")).toList();
        assertThat(allDistinct).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void keysGoInXRealIpQueryParametersAndPathSegments() {
        session.keyRound(Endpoint.get("/ok"), new KeyPlan(3, 1, 500, KeyPlacement.xRealIp()), true);
        session.keyRound(Endpoint.get("/ok?a=1"), new KeyPlan(3, 1, 500, new KeyPlacement.QueryParam("session")), true);
        session.keyRound(Endpoint.get("/users/42/orders"), new KeyPlan(3, 1, 500, new KeyPlacement.PathSegment("42")), true);

        var seen = server.seen();
        assertThat(seen.subList(0, 3)).allSatisfy(s -> assertThat(s.headers().get("X-Real-IP")).matches("198\\.1[89]\\.\\d+\\.\\d+"));
        assertThat(seen.subList(3, 6)).extracting(LoopbackTarget.Seen::uri)
                .allMatch(uri -> uri.matches("/ok\\?a=1&session=lsk[0-9a-z]+")).doesNotHaveDuplicates();
        assertThat(seen.subList(6, 9)).extracting(LoopbackTarget.Seen::uri)
                .allMatch(uri -> uri.matches("/users/lsk[0-9a-z]+/orders")).doesNotHaveDuplicates();
    }

    @Test
    void refusesToRunAfterCloseAndRejectsBadTargets() {
        session.close();
        assertThatThrownBy(() -> session.load(Endpoint.get("/ok"), new LoadPlan(1, 1, 1)))
                .isInstanceOf(IllegalStateException.class);
        ProbeSession other = open(Probes.SHORT_TIMEOUTS);
        try {
            assertThatThrownBy(() -> other.load(Endpoint.get("/has space"), new LoadPlan(1, 1, 1)))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            other.close();
        }
        ProbeEngine engine = Probes.engine(ProbeLimits.DEFAULT_SERVER_MAXIMA);
        try (ProbeSession ftp = engine.open(new TargetSpec(URI.create("ftp://127.0.0.1/"), Map.of()),
                ProbeLimits.DEFAULT_SERVER_MAXIMA, new CancellationToken())) {
            assertThatThrownBy(() -> ftp.load(Endpoint.get("/"), new LoadPlan(1, 1, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
        }
        assertThat(server.requests()).isZero();
    }
}
