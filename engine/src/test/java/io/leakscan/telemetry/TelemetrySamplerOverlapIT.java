package io.leakscan.telemetry;

import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sampler's forced-GC ordering at its real cadence against a loopback server. An IT, not a {@code *Test}: it
 * waits for six heap reads a second apart (the calm cadence that keeps it from failing on a loaded machine), 9 s of
 * the engine's unit run before; {@link TelemetrySamplerTest} keeps the sampler's other behaviour in the inner loop.
 */
class TelemetrySamplerOverlapIT {

    final List<Sample> samples = new CopyOnWriteArrayList<>();
    final SampleSink sink = samples::addAll;

    /**
     * A forced-GC read is served alone: Go counts whatever other requests hold while it runs as live heap, so a
     * scrape served beside it makes the post-GC reading jump by the scrape's buffers (100-250 KiB on the lab apps).
     * The other sources answer slowly here (10 ms), so without the ordering they would overlap the heap read. The
     * waits are bounded on purpose (half the count interval, 500 ms here) so that a stuck source cannot stall the
     * others; a 10 ms scrape stays far below that bound even when a loaded CI machine stalls the JVM for a while.
     */
    @Test
    void forcedGcReadsNeverOverlapOtherTelemetryRequests() {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger gcActive = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger gcReads = new AtomicInteger();
        try (FixtureServer s = TelemetryDiscoveryTest.everything()) {
            for (String path : List.of("/metrics", "/debug/pprof/goroutine?debug=1", "/debug/vars")) {
                byte[] body = s.body(path);
                s.route(path, () -> {
                    active.incrementAndGet();
                    if (gcActive.get() > 0) {
                        overlaps.incrementAndGet();
                    }
                    // a slow scrape, so that it would still be served when the heap read arrives
                    LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                    active.decrementAndGet();
                    return body;
                });
            }
            byte[] heap = s.body("/debug/pprof/heap?debug=1&gc=1");
            s.route("/debug/pprof/heap?debug=1&gc=1", () -> {
                gcActive.incrementAndGet();
                gcReads.incrementAndGet();
                if (active.get() > 0) {
                    overlaps.incrementAndGet();
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                gcActive.decrementAndGet();
                return heap;
            });
            TelemetryHttp http = new WebClientTelemetryHttp(WebClient.create(), s.base());
            DiscoveryReport report = new TelemetryDiscovery(http, Clock.systemUTC()).discover(List.of());
            // Discovery probes several paths at once to learn their formats (no reading of it is kept): only the
            // sampler's requests count here.
            overlaps.set(0);
            gcReads.set(0);
            SamplerConfig calm = new SamplerConfig(Duration.ofMillis(1000), Duration.ofMillis(1000),
                    Duration.ofMillis(1000), Duration.ofSeconds(2), 4, 5, 64L << 20, 8);
            TelemetrySampler t = new TelemetrySampler(http, TelemetryReader.defaults(), report.samplingPlan(), calm,
                    Clock.systemUTC(), sink);
            t.start();
            await().atMost(30, TimeUnit.SECONDS).until(() -> samples.stream()
                    .filter(x -> x.value(Signal.HEAP_AFTER_GC_BYTES).isPresent()).count() >= 6);
            t.stop();
            assertThat(gcReads.get()).isGreaterThanOrEqualTo(6);
            assertThat(overlaps.get()).as("requests served while a forced-GC read was").isZero();
            assertThat(samples).anyMatch(x -> x.value(Signal.GOROUTINES).isPresent());
        }
    }
}
