package io.leakscan.telemetry;

import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryDiscoveryTest {

    static FixtureServer everything() {
        return new FixtureServer()
                .route("/debug/pprof/goroutine?debug=1", "goroutine-debug1-brief-middleware-leaky.txt")
                .route("/debug/pprof/goroutine?debug=2", "goroutine-debug2-brief-middleware-leaky.txt")
                .route("/debug/pprof/heap?debug=1&gc=1", "heap-debug1-gc1-heap-slice-leaky.txt")
                .route("/debug/pprof/goroutineleak?debug=1", "goroutineleak-debug1-admin-group-leaky.txt")
                .route("/debug/vars", "expvar-heap-slice-leaky.json")
                .route("/metrics", "metrics-text-http-client-leaky.txt")
                .route("/health/memory", "health-memory-heap-slice-leaky.json")
                .route("/debug/pprof/goroutine", "goroutine-debug0-brief-middleware-leaky.pb.gz")
                // a user path whose name says nothing: the content decides
                .route("/ops/stats", "tcap/metrics-openmetrics.txt");
    }

    static TelemetryDiscovery discovery(FixtureServer s, Duration timeout) {
        TelemetryHttp http = new WebClientTelemetryHttp(WebClient.create(), s.base());
        return new TelemetryDiscovery(http, TelemetryReader.defaults(), Clock.systemUTC(), timeout, 4, 64L << 20);
    }

    @Test
    void aFullyInstrumentedTargetOffersEverything() {
        try (FixtureServer s = everything()) {
            DiscoveryReport r = discovery(s, Duration.ofSeconds(2)).discover(List.of("/debug/pprof/goroutine", "/ops/stats"));
            assertThat(r.probe("/debug/pprof/goroutine?debug=1").orElseThrow().format()).isEqualTo(SourceFormat.GOROUTINE_DEBUG1);
            assertThat(r.probe("/debug/pprof/goroutine?debug=2").orElseThrow().format()).isEqualTo(SourceFormat.GOROUTINE_DEBUG2);
            assertThat(r.probe("/debug/pprof/goroutineleak?debug=1").orElseThrow().format())
                    .isEqualTo(SourceFormat.GOROUTINE_LEAK_DEBUG1);
            assertThat(r.probe("/debug/pprof/goroutine").orElseThrow().format()).isEqualTo(SourceFormat.GOROUTINE_PPROF);
            assertThat(r.probe("/debug/pprof/heap?debug=1&gc=1").orElseThrow().format()).isEqualTo(SourceFormat.HEAP_DEBUG1);
            assertThat(r.probe("/debug/vars").orElseThrow().format()).isEqualTo(SourceFormat.EXPVAR);
            assertThat(r.probe("/metrics").orElseThrow().format()).isEqualTo(SourceFormat.PROMETHEUS_TEXT);
            assertThat(r.probe("/ops/stats").orElseThrow().format()).isEqualTo(SourceFormat.OPENMETRICS);
            assertThat(r.probe("/health/memory").orElseThrow().format()).isEqualTo(SourceFormat.MEMORY_JSON);
            assertThat(r.missing()).isEmpty();
            assertThat(r.chosen(Capability.GOROUTINE_COUNT)).contains("/metrics");
            assertThat(r.chosen(Capability.GOROUTINE_STACKS)).contains("/debug/pprof/goroutine?debug=1");
            assertThat(r.chosen(Capability.HEAP_AFTER_GC)).contains("/debug/pprof/heap?debug=1&gc=1");
            assertThat(r.offered().get(Capability.HEAP_AFTER_GC).sources()).contains("/health/memory");
            assertThat(r.chosen(Capability.HEAP_WITHOUT_GC)).contains("/metrics");
            assertThat(r.chosen(Capability.OPEN_FDS)).contains("/metrics");
            assertThat(r.chosen(Capability.GOROUTINE_LEAK_PROFILE)).contains("/debug/pprof/goroutineleak?debug=1");
            assertThat(r.exposedProfiles()).containsExactlyInAnyOrder("/debug/pprof/goroutine?debug=1",
                    "/debug/pprof/goroutine?debug=2", "/debug/pprof/heap?debug=1&gc=1",
                    "/debug/pprof/goroutineleak?debug=1", "/debug/pprof/goroutine");
            SamplingPlan plan = r.samplingPlan();
            assertThat(plan.counters()).extracting(SamplingPlan.Source::path).containsExactly("/metrics"); // it covers the restart marker too
            assertThat(plan.slow()).extracting(SamplingPlan.Source::path).containsExactly("/debug/pprof/heap?debug=1&gc=1");
            assertThat(plan.stacks().path()).isEqualTo("/debug/pprof/goroutine?debug=1");
        }
    }

    @Test
    void anUninstrumentedTargetSaysWhatIsMissingAndWhy() {
        try (FixtureServer s = new FixtureServer()
                .route("/health/memory", "health-memory-brief-middleware-leaky.json")
                .route("/debug/vars", "pprof-index-goroutineleakprofile-admin-group-leaky.html")
                .hang("/metrics")) {
            DiscoveryReport r = discovery(s, Duration.ofMillis(400)).discover(List.of());
            assertThat(r.probe("/metrics").orElseThrow().problem()).startsWith("timed out");
            assertThat(r.probe("/debug/pprof/goroutine?debug=1").orElseThrow().problem()).isEqualTo("HTTP 404");
            assertThat(r.probe("/debug/vars").orElseThrow().problem()).startsWith("not telemetry");
            assertThat(r.chosen(Capability.HEAP_AFTER_GC)).contains("/health/memory");
            assertThat(r.missing()).extracting(DiscoveryReport.Missing::capability)
                    .contains(Capability.GOROUTINE_COUNT, Capability.GOROUTINE_STACKS, Capability.OPEN_FDS,
                            Capability.RESTART_MARKER)
                    .doesNotContain(Capability.HEAP_AFTER_GC);
            assertThat(r.missing()).allSatisfy(m -> assertThat(m.whyItMatters()).isNotBlank());
            assertThat(r.exposedProfiles()).isEmpty();
            assertThat(r.samplingPlan().stacks()).isNull();
        }
    }

    @Test
    void oversizedBodiesAreCutAtTheCap() {
        try (FixtureServer s = everything()) {
            TelemetryHttp http = new WebClientTelemetryHttp(WebClient.create(), s.base());
            DiscoveryReport r = new TelemetryDiscovery(http, TelemetryReader.defaults(), Clock.systemUTC(),
                    Duration.ofSeconds(2), 2, 1024).discover(List.of());
            assertThat(r.probe("/metrics").orElseThrow().problem()).contains("larger than 1024");
            assertThat(r.probe("/health/memory").orElseThrow().usable()).isTrue();
        }
    }
}
