package io.leakscan.telemetry;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.parse.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TelemetrySamplerTest {

    final List<Sample> samples = new CopyOnWriteArrayList<>();
    final List<RestartEvent> restarts = new CopyOnWriteArrayList<>();
    final SampleSink sink = new SampleSink() {
        @Override
        public void accept(List<Sample> batch) {
            assertThat(batch).isNotEmpty();
            samples.addAll(batch);
        }

        @Override
        public void restart(RestartEvent event) {
            restarts.add(event);
        }
    };

    static final SamplerConfig FAST = new SamplerConfig(Duration.ofMillis(50), Duration.ofMillis(200),
            Duration.ofMillis(300), Duration.ofSeconds(2), 4, 5, 64L << 20, 8);

    TelemetrySampler sampler(FixtureServer s) {
        TelemetryHttp http = new WebClientTelemetryHttp(WebClient.create(), s.base());
        DiscoveryReport report = new TelemetryDiscovery(http, Clock.systemUTC()).discover(List.of());
        return new TelemetrySampler(http, TelemetryReader.defaults(), report.samplingPlan(), FAST, Clock.systemUTC(), sink);
    }

    @Test
    void samplesCarrySignalsPhaseAndEndpointAndStopEndsTraffic() {
        try (FixtureServer s = TelemetryDiscoveryTest.everything()) {
            TelemetrySampler t = sampler(s);
            t.start();
            await().atMost(10, TimeUnit.SECONDS).until(() -> samples.size() >= 5);
            EndpointRef ep = new EndpointRef("GET", "/api/items/:id");
            t.setPhase("load");
            t.setEndpoint(ep);
            await().atMost(10, TimeUnit.SECONDS).until(() -> samples.stream().anyMatch(x -> "load".equals(x.phase())));
            Sample first = samples.getFirst();
            assertThat(first.phase()).isEqualTo("baseline");
            assertThat(first.value(Signal.GOROUTINES)).isPresent();
            assertThat(first.value(Signal.OPEN_FDS)).isPresent();
            assertThat(first.restartMarker()).startsWith("start:");
            assertThat(samples).anyMatch(x -> x.value(Signal.HEAP_AFTER_GC_BYTES).isPresent());
            assertThat(samples).filteredOn(x -> "load".equals(x.phase())).allMatch(x -> ep.equals(x.endpoint()));

            t.stop();
            int after = s.requests.get();
            int count = samples.size();
            // requests already on the wire may still land (at most the concurrency bound); nothing new starts
            await().during(500, TimeUnit.MILLISECONDS).atMost(3, TimeUnit.SECONDS)
                    .until(() -> s.requests.get() - after <= FAST.maxConcurrency() && samples.size() == count);
            assertThat(t.stats().ticks()).isPositive();
            assertThat(restarts).isEmpty();
        }
    }

    @Test
    void aStuckEndpointLeavesGapsAndSamplingGoesOn() {
        try (FixtureServer s = TelemetryDiscoveryTest.everything()) {
            TelemetrySampler t = sampler(s);
            t.start();
            await().atMost(10, TimeUnit.SECONDS).until(() -> samples.size() >= 3);
            s.hang("/debug/vars");
            s.hang("/debug/pprof/heap?debug=1&gc=1");
            int before = samples.size();
            await().atMost(10, TimeUnit.SECONDS).until(() -> samples.size() >= before + 20);
            t.stop();
            SamplerStats stats = t.stats();
            assertThat(stats.gaps()).containsKey(Signal.HEAP_AFTER_GC_BYTES);
            // ticks went on at their cadence while the heap source hung for its whole timeout each time, and
            // /metrics kept answering (a tick may still miss it when its last request is still busy: a gap; on a
            // 2-core machine under a load of 8, half the ticks did, so the bound is a third)
            List<Sample> during = samples.subList(before, samples.size());
            assertThat(during.stream().filter(x -> x.value(Signal.GOROUTINES).isPresent()).count())
                    .isGreaterThan(during.size() / 3);
            assertThat(during.subList(5, during.size())).noneMatch(x -> x.value(Signal.HEAP_AFTER_GC_BYTES).isPresent());
            assertThat(stats.jitterP99Ms()).isGreaterThanOrEqualTo(stats.jitterP50Ms());
        }
    }

    @Test
    void aChangedProcessStartTimeIsARestart() {
        String metrics = Fixtures.text("metrics-text-http-client-leaky.txt");
        String startLine = metrics.lines().filter(l -> l.startsWith("process_start_time_seconds ")).findFirst().orElseThrow();
        // the same real exposition as a process started 60 s later would serve it
        double start = Double.parseDouble(startLine.substring(startLine.indexOf(' ') + 1));
        String restarted = metrics.replace(startLine, "process_start_time_seconds " + (start + 60));
        AtomicReference<String> body = new AtomicReference<>(metrics);
        try (FixtureServer s = new FixtureServer()
                .route("/metrics", () -> body.get().getBytes(StandardCharsets.UTF_8))
                .route("/debug/pprof/goroutine?debug=1", "goroutine-debug1-chan-block-leaky-500-requests.txt")) {
            TelemetrySampler t = sampler(s);
            t.start();
            await().atMost(10, TimeUnit.SECONDS).until(() -> samples.size() >= 3);
            body.set(restarted);
            await().atMost(10, TimeUnit.SECONDS).until(() -> !restarts.isEmpty());
            assertThat(restarts.getFirst().reason()).isEqualTo("process start time changed");
            ProfileSnapshot snap = t.snapshot("after-restart").get(5, TimeUnit.SECONDS);
            assertThat(snap.dump().profile().groups().getFirst().count()).isEqualTo(500);
            assertThat(t.snapshots()).containsExactly(snap);
            t.stop();
            assertThat(t.stats().restarts()).isEqualTo(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
