package io.leakscan.telemetry.parse;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Echo lab apps' real outputs: the leak sites the detectors will look for must come out of the parsers. */
class LabFixturesTest {

    final Instant at = Instant.EPOCH;

    @Test
    void chanBlockLeakAfter500RequestsIsOneGroupOf500() {
        GoroutineProfile d1 = GoroutineTextParser.DEFAULT
                .parseDebug1(Fixtures.stream("goroutine-debug1-chan-block-leaky-500-requests.txt"), at).orThrow().profile();
        StackGroup top = d1.groups().getFirst();
        assertThat(top.count()).isEqualTo(500);
        assertThat(top.frames()).anyMatch(f -> f.file() != null && f.file().contains("chan-block-leaky"));
        GoroutineDump d2 = GoroutineTextParser.DEFAULT
                .parseDebug2(Fixtures.stream("goroutine-debug2-chan-block-leaky-500-requests.txt"), at).orThrow();
        StackGroup top2 = d2.profile().groups().getFirst();
        assertThat(top2.count()).isEqualTo(500);
        assertThat(top2.waitStates()).isEqualTo(Map.of("chan send", 500));
        assertThat(top2.createdBy()).isNotNull();
        assertThat(top2.frames().getFirst().function()).isEqualTo(top.frames().getFirst().function());
    }

    @Test
    void goroutineLeakProfilesOfTheAdminGroupApp() {
        GoroutineDump leak = GoroutineTextParser.DEFAULT
                .parseDebug1(Fixtures.stream("goroutineleak-debug1-admin-group-leaky.txt"), at).orThrow();
        assertThat(leak.kind()).isEqualTo(GoroutineDump.Kind.GOROUTINE_LEAK);
        assertThat(leak.profile().total()).isEqualTo(50);
        assertThat(leak.profile().groups().getFirst().frames().getFirst().function())
                .isEqualTo("main.(*session).flushWhenDone");
        GoroutineDump full = GoroutineTextParser.DEFAULT
                .parseDebug2(Fixtures.stream("goroutineleak-debug2-admin-group-leaky.txt"), at).orThrow();
        List<GoroutineRecord> leaked = full.goroutines().stream().filter(GoroutineRecord::leaked).toList();
        assertThat(leaked).hasSize(50).allMatch(g -> g.state().equals("chan receive (leaked)"));
    }

    @Test
    void briefMiddlewareInAllThreeGoroutineFormats() {
        var d1 = GoroutineTextParser.DEFAULT.parseDebug1(
                Fixtures.stream("goroutine-debug1-brief-middleware-leaky.txt"), at).orThrow().profile();
        var d2 = GoroutineTextParser.DEFAULT.parseDebug2(
                Fixtures.stream("goroutine-debug2-brief-middleware-leaky.txt"), at).orThrow().profile();
        var bin = PprofParser.DEFAULT.parseGoroutine(
                Fixtures.stream("goroutine-debug0-brief-middleware-leaky.pb.gz"), at).orThrow().profile();
        assertThat(d1.total()).isPositive();
        assertThat(d2.total()).isPositive();
        assertThat(bin.total()).isPositive();
        assertThat(d1.groups()).anyMatch(g -> g.frames().stream().anyMatch(f -> f.function().startsWith("main.")));
    }

    @Test
    void heapSliceLeakTextAndBinary() {
        HeapProfile text = HeapTextParser.DEFAULT.parse(Fixtures.stream("heap-debug1-gc1-heap-slice-leaky.txt"), at).orThrow();
        assertThat(text.memStat("HeapAlloc")).isPresent();
        assertThat(text.memStat("NumForcedGC").getAsDouble()).isPositive();
        HeapProfile bin = PprofParser.DEFAULT.parseHeap(Fixtures.stream("heap-debug0-heap-slice-leaky.pb.gz"), at).orThrow();
        assertThat(bin.records()).isNotEmpty();
    }

    @Test
    void expvarMemoryJsonAndMetrics() {
        assertThat(ExpvarParser.DEFAULT.parse(Fixtures.stream("expvar-heap-slice-leaky.json")).orThrow().cmdline())
                .isNotEmpty();
        var mem = new JsonPointerParser(ParseLimits.DEFAULT, List.of("/HeapAlloc"))
                .parse(Fixtures.stream("health-memory-brief-middleware-leaky.json")).orThrow();
        assertThat(mem.get("/HeapAlloc")).isEqualTo(375864.0);
        MetricsScrape echo = MetricsParser.DEFAULT.parse(Fixtures.stream("metrics-echoprometheus-xff-limiter-leaky.txt")).orThrow();
        assertThat(echo.samples()).anyMatch(s -> s.name().startsWith("echo_request_duration_seconds")
                && "/api/items/:id".equals(s.labels().get("url")));
        MetricsScrape om = MetricsParser.DEFAULT.parse(Fixtures.stream("metrics-openmetrics-http-client-leaky.txt")).orThrow();
        assertThat(om.format()).isEqualTo(MetricsScrape.Format.OPENMETRICS);
        assertThat(om.value("go_goroutines")).isPresent();
        MetricsScrape text = MetricsParser.DEFAULT.parse(Fixtures.stream("metrics-text-http-client-leaky.txt")).orThrow();
        assertThat(text.value("process_open_fds")).isPresent();
    }

    @Test
    void echoErrorPagesAndThePprofIndexAreNoTelemetry() {
        for (String f : List.of("echo4-404-response.txt", "echo5-405-response.txt",
                "pprof-index-goroutineleakprofile-admin-group-leaky.html", "go1.27/pprof-index-leakprofile-leaky.html")) {
            for (HostileInputTest.P p : HostileInputTest.PARSERS) {
                if (p.name().equals("memory-json")) {
                    continue; // a JSON error body is valid JSON; the sniffer needs a memory field, tested there
                }
                assertThat(HostileInputTest.run(p, Fixtures.bytes(f)).isParsed()).as(f + " " + p.name()).isFalse();
            }
        }
    }
}
