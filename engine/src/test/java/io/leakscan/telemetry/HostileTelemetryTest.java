package io.leakscan.telemetry;

import com.sun.management.ThreadMXBean;
import io.leakscan.telemetry.parse.Bodies;
import io.leakscan.telemetry.parse.GoroutineTextParser;
import io.leakscan.telemetry.parse.ParseFailure;
import io.leakscan.telemetry.parse.ParseResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, defect 2: hostile telemetry from a real loopback server. Every attack ends as a typed failure or an
 * ignored source; bodies are refused at their per-format cap while they stream (not buffered to a generic 64 MiB
 * first), and a scan's concurrent reads never hold more than its budget.
 */
class HostileTelemetryTest {

    private static final long MiB = 1 << 20;

    private final HostileTelemetryServer server = new HostileTelemetryServer();
    private final TelemetryReader reader = TelemetryReader.defaults();
    private final TelemetryBudget budget = new TelemetryBudget(TelemetryBudget.DEFAULT_BYTES);
    private final WebClientTelemetryHttp http = new WebClientTelemetryHttp(WebClient.create(), server.base(), budget);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aHugeChunkedBodyIsCutAtItsFormatsCapWhileItStreams() {
        long cap = reader.maxBodyBytes(SourceFormat.PROMETHEUS_TEXT);
        assertThat(cap).isLessThanOrEqualTo(8 * MiB);
        assertThatThrownBy(() -> http.get("/huge-chunked", Duration.ofSeconds(10), cap).join())
                .hasCauseInstanceOf(TelemetryHttp.BodyTooLargeException.class);
        assertThat(server.bytesSent()).as("bytes pulled of 500 MB").isLessThan(cap + 16 * MiB);
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() == 0);
        assertThat(budget.peak()).isLessThanOrEqualTo(2 * cap);
    }

    @Test
    void aHugeDeclaredBodyIsRefusedBeforeItsFirstByteIsKept() {
        assertThatThrownBy(() -> http.get("/huge-declared", Duration.ofSeconds(10), 8 * MiB).join())
                .hasCauseInstanceOf(TelemetryHttp.BodyTooLargeException.class);
        assertThat(budget.peak()).isZero();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aGzipBombStopsAtTheDecompressedCap() {
        TelemetryHttp.Response resp = http.get("/gzip-bomb", Duration.ofSeconds(10),
                reader.maxBodyBytes(SourceFormat.GOROUTINE_PPROF)).join();
        try {
            long before = allocatedByThisThread();
            ParseResult<Reading> r = reader.sniff(resp.body(), false, Instant.now());
            assertThat(r.failureIfAny()).get().extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TOO_LARGE);
            // 1 GiB decompressed would be 1 GiB allocated; the cap (8 MiB) and its growth copies are all there is
            assertThat(allocatedByThisThread() - before).isLessThan(40 * MiB);
        } finally {
            resp.release();
        }
        assertThat(budget.used()).isZero();
    }

    @Test
    void aOneBytePerSecondDripEndsAtTheReadTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> http.get("/drip", Duration.ofSeconds(1), 1 * MiB).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() == 0);
    }

    @Test
    void garbageIsATypedFailure() {
        TelemetryHttp.Response resp = http.get("/garbage", Duration.ofSeconds(5), reader.maxBodyBytes()).join();
        try {
            assertThat(reader.sniff(resp.body(), false, Instant.now()).failureIfAny()).isPresent();
        } finally {
            resp.release();
        }
    }

    @Test
    void aMillionGoroutineDumpIsRefusedAtTheCapBeforeAMillionOfAnything() {
        assertThatThrownBy(() -> http.get("/million-debug2", Duration.ofSeconds(10),
                reader.maxBodyBytes(SourceFormat.GOROUTINE_DEBUG2)).join())
                .hasCauseInstanceOf(TelemetryHttp.BodyTooLargeException.class);
        assertThat(server.bytesSent()).isLessThan(reader.maxBodyBytes(SourceFormat.GOROUTINE_DEBUG2) + 16 * MiB);
    }

    @Test
    void aHeaderClaimingAMillionGoroutinesIsATypedFailureAndAllocatesNothingPerGoroutine() {
        TelemetryHttp.Response resp = http.get("/million-claim", Duration.ofSeconds(5), reader.maxBodyBytes()).join();
        try {
            long before = allocatedByThisThread();
            ParseResult<Reading> r = reader.sniff(resp.body(), false, Instant.now());
            assertThat(r.failureIfAny()).get().extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TRUNCATED);
            assertThat(allocatedByThisThread() - before).isLessThan(1 * MiB);
        } finally {
            resp.release();
        }
        // the same claim made consistently is a number, not a million objects
        byte[] consistent = "goroutine profile: total 1000000\n1000000 @ 0x1\n#\t0x1\tmain.leak+0x1\t/app/main.go:42\n\n"
                .getBytes();
        long before = allocatedByThisThread();
        ParseResult<Reading> r = reader.sniff(consistent, false, Instant.now());
        assertThat(r.orThrow().values()).containsEntry(Signal.GOROUTINES, 1_000_000.0);
        assertThat(allocatedByThisThread() - before).isLessThan(1 * MiB);
    }

    @Test
    void aDiscoveryOfAnAllHostileTargetIgnoresEverySourceAndPullsLittle() {
        Map<String, String> attack = Map.ofEntries(
                entry("/debug/pprof/goroutine?debug=1", "/million-claim"),
                entry("/debug/pprof/goroutine?debug=2", "/million-debug2"),
                entry("/debug/pprof/heap?debug=1&gc=1", "/huge-chunked"),
                entry("/debug/pprof/goroutineleak?debug=1", "/drip"),
                entry("/debug/vars", "/garbage"),
                entry("/metrics", "/huge-declared"),
                entry("/health/memory", "/huge-chunked"),
                entry("/debug/pprof/goroutine", "/gzip-bomb"));
        TelemetryHttp hostile = (path, timeout, max) -> http.get(attack.get(path), timeout, max);
        DiscoveryReport report = new TelemetryDiscovery(hostile, reader, Clock.systemUTC(), Duration.ofSeconds(1), 4,
                64 * MiB).discover(List.of("/debug/pprof/goroutine"));

        assertThat(report.offered()).isEmpty();
        assertThat(report.probes()).hasSize(8).allSatisfy(p -> assertThat(p.usable()).isFalse());
        assertThat(report.probe("/debug/pprof/heap?debug=1&gc=1").orElseThrow().problem()).startsWith("body larger than");
        assertThat(report.probe("/debug/pprof/goroutineleak?debug=1").orElseThrow().problem()).startsWith("timed out");
        assertThat(report.probe("/debug/pprof/goroutine").orElseThrow().problem()).contains("TOO_LARGE");
        // three 500 MB-class bodies and a million-goroutine dump were offered; the old 64 MiB cap pulled 64 MiB each
        assertThat(server.bytesSent()).isLessThan(64 * MiB);
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() == 0);
        assertThat(budget.peak()).isLessThanOrEqualTo(budget.limit());
    }

    @Test
    void theSamplerStopsFetchingASourceOnceItSentABodyOverItsCap() {
        SamplingPlan plan = new SamplingPlan(
                List.of(new SamplingPlan.Source("/huge-chunked", SourceFormat.PROMETHEUS_TEXT, false)), List.of(), null);
        SamplerConfig fast = new SamplerConfig(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 4, 5, 64 * MiB, 8);
        SampleSink sink = batch -> {
        };
        try (TelemetrySampler sampler = new TelemetrySampler(http, reader, plan, fast, Clock.systemUTC(), sink)) {
            sampler.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> sampler.stats().samples() >= 20);
        }
        // one read cut at the cap, then gaps: not 4 MiB more at every tick
        assertThat(server.bytesSent()).isLessThan(reader.maxBodyBytes(SourceFormat.PROMETHEUS_TEXT) + 16 * MiB);
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() == 0);
    }

    @Test
    void concurrentReadsOfAScanShareItsBudget() {
        TelemetryBudget small = new TelemetryBudget(3 * MiB);
        WebClientTelemetryHttp scan = new WebClientTelemetryHttp(WebClient.create(), server.base(), small);
        List<CompletableFuture<TelemetryHttp.Response>> reads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reads.add(scan.get("/huge-chunked", Duration.ofSeconds(10), 8 * MiB));
        }
        for (CompletableFuture<TelemetryHttp.Response> f : reads) {
            assertThatThrownBy(f::join).cause().isInstanceOfAny(TelemetryHttp.BudgetExhaustedException.class,
                    TelemetryHttp.BodyTooLargeException.class);
        }
        assertThat(reads).anySatisfy(f -> assertThatThrownBy(f::join)
                .hasCauseInstanceOf(TelemetryHttp.BudgetExhaustedException.class));
        assertThat(small.peak()).isLessThanOrEqualTo(3 * MiB);
        await().atMost(Duration.ofSeconds(5)).until(() -> small.used() == 0);
    }

    @Test
    void releasedBodiesGiveTheirBytesBackSoAScanKeepsReading() {
        TelemetryBudget small = new TelemetryBudget(256 * 1024);
        WebClientTelemetryHttp scan = new WebClientTelemetryHttp(WebClient.create(), server.base(), small);
        for (int i = 0; i < 20; i++) { // 20 x 64 KiB = 1.25 MiB through a 256 KiB budget
            TelemetryHttp.Response resp = scan.get("/garbage", Duration.ofSeconds(5), 1 * MiB).join();
            assertThat(resp.body()).hasSize(64 * 1024);
            assertThat(small.used()).isEqualTo(64 * 1024);
            resp.release();
            resp.release(); // idempotent
            assertThat(small.used()).isZero();
        }
    }

    @Test
    void aParserReadingAStreamStopsAtItsCap() {
        // the parsers' own InputStream entry point, fed a lazily generated 150 MB dump
        InputStream endless = new InputStream() {
            private final byte[] g = "goroutine 1 [select]:\nmain.f()\n\t/a.go:1 +0x1\n\n".getBytes();
            private long pos;

            @Override
            public int read() {
                return pos >= 150_000_000L ? -1 : g[(int) (pos++ % g.length)];
            }
        };
        long before = allocatedByThisThread();
        ParseResult<?> r = GoroutineTextParser.DEFAULT.parseDebug2(endless, Instant.now());
        assertThat(r.failureIfAny()).get().extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TOO_LARGE);
        assertThat(allocatedByThisThread() - before).isLessThan(40 * MiB);
        assertThat(Bodies.readBounded(Bodies.inMemory(new byte[10]), 10)).hasSize(10);
    }

    private static long allocatedByThisThread() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().threadId());
    }
}
