package io.leakscan.probe;

import io.leakscan.lab.LabApp;
import io.leakscan.lab.LabApps;
import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probe against real Go/Echo servers from the lab: aborts really reach the handler. The brief's stream handler
 * ignores the request context, so every aborted request leaves its goroutine behind; its fixed twin lets them go.
 */
class ProbeAgainstGoLabIT {

    static final Pattern GOROUTINES = Pattern.compile("(?m)^go_goroutines (\\d+)");
    final HttpClient http = HttpClient.newHttpClient();

    long goroutines(LabApp app) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(app.uri("/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = GOROUTINES.matcher(metrics);
        assertThat(m.find()).as("go_goroutines in /metrics").isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The goroutine count once two readings 300 ms apart agree: a just-started app may still be settling. */
    long settledGoroutines(LabApp app) {
        long[] last = {-1};
        long[] now = {-2};
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = now[0];
            now[0] = goroutines(app);
            return now[0] == last[0];
        });
        return now[0];
    }

    RoundOutcome abortFive(LabApp app, String path) {
        ProbeEngine engine = Probes.engine(ProbeLimits.DEFAULT_SERVER_MAXIMA);
        try (ProbeSession session = engine.open(new TargetSpec(app.baseUrl(), Map.of()), ProbeLimits.DEFAULT_SERVER_MAXIMA,
                new CancellationToken())) {
            return session.abort(Endpoint.get(path), new AbortPlan(5, 5, 50, Duration.ofMillis(300), Duration.ofSeconds(1)));
        }
    }

    @Test
    void abortsOnTheBriefsStreamHandlerLeaveOneGoroutineEachForever() throws Exception {
        try (LabApp app = LabApps.start("brief-stream-leaky")) {
            long before = settledGoroutines(app);

            RoundOutcome outcome = abortFive(app, "/stream");

            assertThat(outcome).isInstanceOf(RoundOutcome.Completed.class);
            assertThat(outcome.round().aborted()).isEqualTo(5);
            assertThat(outcome.round().abortsConfirmedClosed()).as(outcome.toString()).isEqualTo(5);
            // The handlers tick on after their clients left: the count stays up (Go notices closed conns lazily).
            await().atMost(Duration.ofSeconds(5)).until(() -> goroutines(app) >= before + 5);
            // ...and is still up 2 s later (read once then; a during() window made each poll race its deadline on a
            // loaded machine)
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15)).until(() -> goroutines(app) >= before + 5);
        }
    }

    @Test
    void abortsOnTheFixedTwinAreLetGo() throws Exception {
        try (LabApp app = LabApps.start("brief-stream-fixed")) {
            long before = settledGoroutines(app);

            RoundOutcome outcome = abortFive(app, "/safe-stream");

            assertThat(outcome.round().aborted()).as(outcome.toString()).isEqualTo(5);
            assertThat(outcome.round().abortsConfirmedClosed()).as(outcome.toString()).isEqualTo(5);
            await().atMost(Duration.ofSeconds(5)).until(() -> goroutines(app) <= before + 1);
        }
    }

    @Test
    void aLoadRoundOnARealEchoRouteCountsItsAnswers() {
        try (LabApp app = LabApps.start("brief-stream-leaky")) {
            ProbeEngine engine = Probes.engine(ProbeLimits.DEFAULT_SERVER_MAXIMA);
            try (ProbeSession session = engine.open(new TargetSpec(app.baseUrl(), Map.of()),
                    ProbeLimits.DEFAULT_SERVER_MAXIMA, new CancellationToken())) {
                RoundOutcome ok = session.load(Endpoint.get("/status"), new LoadPlan(50, 4, 200));
                RoundOutcome missing = session.load(Endpoint.get("/nope"), new LoadPlan(5, 2, 200));
                RoundOutcome wrongMethod = session.load(new Endpoint("POST", "/status", "{}", "application/json", Map.of()),
                        new LoadPlan(5, 2, 200));

                assertThat(ok.round().statusHistogram()).containsExactly(Map.entry(200, 50L));
                assertThat(missing.round().statusHistogram()).containsExactly(Map.entry(404, 5L));
                assertThat(wrongMethod.round().statusHistogram()).containsExactly(Map.entry(405, 5L));
                assertThat(ok.round().latency().samples()).isEqualTo(50);
            }
        }
    }
}
