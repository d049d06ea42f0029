package io.leakscan.telemetry;

import io.leakscan.lab.LabApp;
import io.leakscan.lab.LabAppExtension;
import io.leakscan.lab.LabApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Discovery and sampling against real Go Echo processes from the lab, on loopback. */
class LiveLabAppIT {

    @RegisterExtension
    static LabAppExtension lab = LabAppExtension.of("brief-db-leaky");

    @Test
    void discoversAndSamplesARealEchoApp(LabApp app) throws Exception {
        TelemetryHttp http = new WebClientTelemetryHttp(WebClient.create(), app.baseUrl());
        DiscoveryReport r = new TelemetryDiscovery(http, Clock.systemUTC()).discover(List.of());
        assertThat(r.probe("/metrics").orElseThrow().format()).isIn(SourceFormat.PROMETHEUS_TEXT, SourceFormat.OPENMETRICS);
        assertThat(r.probe("/debug/pprof/goroutine?debug=1").orElseThrow().format()).as(r.probes().toString()).isEqualTo(SourceFormat.GOROUTINE_DEBUG1);
        assertThat(r.probe("/debug/pprof/goroutine?debug=2").orElseThrow().format()).isEqualTo(SourceFormat.GOROUTINE_DEBUG2);
        assertThat(r.probe("/debug/pprof/heap?debug=1&gc=1").orElseThrow().format()).isEqualTo(SourceFormat.HEAP_DEBUG1);
        assertThat(r.probe("/health/memory").orElseThrow().format()).isEqualTo(SourceFormat.MEMORY_JSON);
        assertThat(r.probe("/debug/vars").orElseThrow().status()).isEqualTo(404);
        assertThat(r.chosen(Capability.GOROUTINE_COUNT)).contains("/metrics");
        assertThat(r.chosen(Capability.RESTART_MARKER)).contains("/metrics");
        assertThat(r.exposedProfiles()).contains("/debug/pprof/goroutine?debug=1");

        List<Sample> samples = new CopyOnWriteArrayList<>();
        SamplerConfig cfg = new SamplerConfig(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 4, 5, 64L << 20, 8);
        try (TelemetrySampler sampler = new TelemetrySampler(http, TelemetryReader.defaults(), r.samplingPlan(), cfg,
                Clock.systemUTC(), samples::addAll)) {
            sampler.start();
            ProfileSnapshot snap = sampler.snapshot("baseline").get(10, TimeUnit.SECONDS);
            assertThat(snap.dump().profile().total()).isPositive();
            await().atMost(15, TimeUnit.SECONDS).until(() -> samples.size() >= 10
                    && samples.stream().anyMatch(s -> s.value(Signal.HEAP_AFTER_GC_BYTES).isPresent()));
            sampler.stop();
            assertThat(samples).allMatch(s -> s.restartMarker() == null || s.restartMarker().startsWith("start:"));
            assertThat(samples.stream().filter(s -> s.value(Signal.GOROUTINES).isPresent()).count()).isPositive();
            assertThat(samples.stream().filter(s -> s.value(Signal.OPEN_FDS).isPresent()).count()).isPositive();
            assertThat(sampler.stats().restarts()).isZero();
        }
    }

    @Test
    void aTargetWithoutTelemetryIsReportedAsSuch() {
        try (LabApp bare = LabApps.start("no-telemetry")) {
            TelemetryHttp http = new WebClientTelemetryHttp(WebClient.create(), bare.baseUrl());
            DiscoveryReport r = new TelemetryDiscovery(http, Clock.systemUTC()).discover(List.of());
            assertThat(r.offered()).isEmpty();
            assertThat(r.missing()).hasSize(Capability.values().length);
            assertThat(r.probes()).allMatch(p -> p.status() == 404);
        }
    }
}
