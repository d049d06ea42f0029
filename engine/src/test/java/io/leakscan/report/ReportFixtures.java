package io.leakscan.report;

import io.leakscan.analysis.LatencyPercentiles;
import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Confidence;
import io.leakscan.analysis.Evidence;
import io.leakscan.analysis.Figure;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.Scope;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.analysis.Verdict;
import io.leakscan.engine.ScanEnd;
import io.leakscan.engine.ScanFailure;
import io.leakscan.inventory.InventorySummary;
import io.leakscan.inventory.SkippedOperation;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.parse.Frame;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * Realistic reports shaped like the lab's leaks (lab/cmd/*): the same functions, files and lines a Go 1.26 binary of
 * the lab reports in its goroutine profile (checked against the lab's captured goroutine-debug2 fixture of
 * brief-middleware-leaky: main.orphanedWork.func1.1 at server.go:33, created by main.orphanedWork.func1 at :31, sleep), with telemetry series generated from a simple model of each leak. Ids and
 * start times are parameters so the golden test can prove its normalization works.
 */
final class ReportFixtures {

    static final String VERSION = "0.1.0-test";
    static final EndpointRef USERS = new EndpointRef("GET", "/users/:id");
    static final EndpointRef HELLO = new EndpointRef("GET", "/hello");
    static final EndpointRef STREAM = new EndpointRef("GET", "/stream");
    static final EndpointRef STATUS = new EndpointRef("GET", "/status");
    static final EndpointRef ITEMS = new EndpointRef("POST", "/api/items");
    static final EndpointRef LIMITED = new EndpointRef("GET", "/api/limited");

    private ReportFixtures() {
    }

    static final List<String> SCENARIOS = List.of("middleware-leaky", "stream-leaky", "shop-heap-keys", "clean",
            "inconclusive", "failed");

    static ScanReport scenario(String name, String id, Instant start) {
        return switch (name) {
            case "middleware-leaky" -> middlewareLeaky(id, start);
            case "stream-leaky" -> streamLeaky(id, start);
            case "shop-heap-keys" -> shopHeapAndKeys(id, start);
            case "clean" -> clean(id, start);
            case "inconclusive" -> inconclusive(id, start);
            case "failed" -> failed(id, start);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static EchoFingerprint echo4() {
        return new EchoFingerprint(true, 4, 0.95, List.of("404 body {\"message\":\"Not Found\"}",
                "405 body {\"message\":\"Method Not Allowed\"} with Allow header"));
    }

    static List<DiscoveredTelemetry> pprofAndMemoryJson() {
        return List.of(
                DiscoveredTelemetry.found(Signal.GOROUTINES, "/debug/pprof/goroutine?debug=1", "pprof-debug1"),
                DiscoveredTelemetry.found(Signal.HEAP_AFTER_GC_BYTES, "/health/memory", "memory-json"),
                DiscoveredTelemetry.found(Signal.HEAP_INUSE_BYTES, "/debug/pprof/heap?debug=1", "pprof-heap"),
                DiscoveredTelemetry.missing(Signal.OPEN_FDS, "no Prometheus endpoint (404 on /metrics)"),
                DiscoveredTelemetry.missing(Signal.PROCESS_START_SECONDS, "no Prometheus endpoint (404 on /metrics)"));
    }

    static List<CheckRun> checks(boolean fds, boolean aborts, boolean keys) {
        List<CheckRun> c = new ArrayList<>();
        c.add(CheckRun.ran(Check.GOROUTINES));
        c.add(aborts ? CheckRun.ran(Check.ABORTS) : CheckRun.skipped(Check.ABORTS, "not a slow or streaming endpoint"));
        c.add(CheckRun.ran(Check.HEAP));
        c.add(keys ? CheckRun.ran(Check.KEY_CARDINALITY)
                : CheckRun.skipped(Check.KEY_CARDINALITY, "no client-controlled key in the request"));
        c.add(fds ? CheckRun.ran(Check.FDS) : CheckRun.skipped(Check.FDS, "no OPEN_FDS telemetry"));
        c.add(CheckRun.ran(Check.LATENCY));
        return c;
    }

    static EndpointStats stats(EndpointRef e, int rounds, long requests, Map<String, Long> statuses,
                               Map<String, Long> errors, LatencyPercentiles latency, List<CheckRun> checks) {
        return new EndpointStats(e, rounds, requests, statuses, errors, latency, checks);
    }

    private static Map<String, Long> hist(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }

    // --- brief-middleware-leaky: e.Use(orphanedWork) sleeps 5 s per request in a goroutine ---

    static Frame orphanedWorkSleep() {
        return new Frame("main.orphanedWork.func1.1", "/src/lab/cmd/brief-middleware-leaky/server.go", 33);
    }

    static ScanReport middlewareLeaky(String id, Instant start) {
        List<Sample> samples = new ArrayList<>();
        // Lingering goroutines: every request holds one for 5 s; telemetry requests themselves add a few.
        // 200 requests/s under load, each holding a goroutine for 5 s: a ramp during load, a 5 s tail after it.
        ArrayDeque<long[]> arrivals = new ArrayDeque<>();
        Duration d = simulate(samples, start, List.of(USERS, HELLO), 20, (t, load) -> {
            if (load == 1) {
                arrivals.add(new long[] {(long) t, 4});
            }
            while (!arrivals.isEmpty() && arrivals.peekFirst()[0] <= t - 5000) {
                arrivals.removeFirst();
            }
            return 9 + arrivals.stream().mapToLong(a -> a[1]).sum();
        }, (t, load) -> 4_200_000 + load * 180_000);
        StackEvidence stack = new StackEvidence(3, 203, orphanedWorkSleep(), List.of(orphanedWorkSleep()),
                new Frame("main.orphanedWork.func1", "/src/lab/cmd/brief-middleware-leaky/server.go", 31),
                "sleep", 0);
        Finding lingering = new Finding(FindingKind.LINGERING_GOROUTINES, null, Scope.MIDDLEWARE, Severity.HIGH,
                new Confidence(0.93, List.of("the same stack grew under every endpoint, telemetry requests included",
                        "returned to baseline 5.0 s after load in every round")),
                "Every request leaves a goroutine running for 5 s after the response (middleware)",
                new Evidence(List.of(new Figure("goroutinesPerRequest", 1.0, "goroutines/request"),
                        new Figure("lingerSeconds", 5.0, "s"), new Figure("rounds", 5, "rounds"),
                        new Figure("peakExcessGoroutines", 200, "goroutines")), "GOROUTINES", List.of(stack),
                        List.of(USERS, HELLO)),
                "The middleware starts `go func() { time.Sleep(5 * time.Second) }()` for every request without the "
                        + "request context. Derive a context: `ctx, cancel := context.WithTimeout(c.Request().Context(), "
                        + "2*time.Second)`; `defer cancel()`; pass `ctx` to the goroutine and return on `<-ctx.Done()`.",
                400);
        Finding pprof = new Finding(FindingKind.PROFILING_EXPOSED, null, Scope.APPLICATION, Severity.MEDIUM,
                new Confidence(1.0, List.of("/debug/pprof/goroutine answered 200 without credentials")),
                "Profiling endpoints under /debug/pprof answer without credentials",
                new Evidence(List.of(), null, List.of()),
                "Mount pprof on a separate listener bound to 127.0.0.1, or inside `e.Group(\"/debug\", auth)`.", 200);
        return ScanReport.of(meta(id, start, d, "http://127.0.0.1:41733", "memory", ScanEnd.SUCCEEDED, null),
                pprofAndMemoryJson(),
                List.of(stats(USERS, 5, 1000, hist("200", 1000), Map.of(), new LatencyPercentiles(0.41, 1.2, 2.9),
                                checks(false, false, true)),
                        stats(HELLO, 5, 1000, hist("200", 1000), Map.of(), new LatencyPercentiles(0.33, 0.9, 2.1),
                                checks(false, false, false))),
                TimeSeries.fromSamples(samples),
                new AnalysisResult(Verdict.LEAKS_FOUND, "One leak: a global middleware leaves a goroutine running "
                        + "for 5 s after every response, on every route. Under sustained load goroutines pile up in "
                        + "proportion to the request rate. Profiling endpoints are also readable by anyone.",
                        List.of(pprof, lingering)));
    }

    // --- brief-stream-leaky: GET /stream loops forever without looking at the request context ---

    static ScanReport streamLeaky(String id, Instant start) {
        List<Sample> samples = new ArrayList<>();
        Duration d = simulate(samples, start, List.of(STREAM, STATUS), 100,
                (t, load) -> 5 + Math.floor(t / 1000.0) * 0, (t, load) -> 3_900_000);
        // Permanent: the count after the stream phase stays up.
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            long t = Duration.between(start, s.at()).toMillis();
            double retained = Math.min(60, Math.max(0, (t - 3000) / 100.0));
            Map<Signal, Double> v = new EnumMap<>(s.values());
            v.put(Signal.GOROUTINES, 5 + retained);
            v.put(Signal.OPEN_FDS, 9 + retained);
            v.put(Signal.HEAP_AFTER_GC_BYTES, 3_900_000 + retained * 8_600);
            samples.set(i, new Sample(s.at(), s.phase(), s.endpoint(), v, "pid-4242"));
        }
        // A one-case select compiles to a plain receive: the goroutine waits in "chan receive" on the case line.
        Frame receive = new Frame("main.stream", "/src/lab/cmd/brief-stream-leaky/server.go", 29);
        StackEvidence stack = new StackEvidence(0, 60, receive, List.of(receive),
                new Frame("net/http.(*Server).Serve", "/usr/local/go/src/net/http/server.go", 3454), "chan receive",
                0);
        Finding aborts = new Finding(FindingKind.ABORT_IGNORED, STREAM, Scope.HANDLER, Severity.HIGH,
                new Confidence(0.97, List.of("60 aborted requests, 60 goroutines retained (ratio 1.00)",
                        "none returned within the 10 s settle window")),
                "GET /stream keeps running after the client aborts: one goroutine per aborted request",
                new Evidence(List.of(new Figure("abortedRequests", 60, "requests"),
                        new Figure("retainedPerAbort", 1.0, "goroutines/request"),
                        new Figure("settleSeconds", 10, "s")), "GOROUTINES", List.of(stack)),
                "In the loop, `select` on `c.Request().Context().Done()` next to `time.After` and return when it "
                        + "fires; check the error of `c.Response().Write` and return it.", 772);
        Finding leak = new Finding(FindingKind.GOROUTINE_LEAK, STREAM, Scope.HANDLER, Severity.HIGH,
                new Confidence(0.9, List.of("retained goroutines grew in every round", "no decay after settle")),
                "GET /stream leaks one goroutine per request, permanently",
                new Evidence(List.of(new Figure("goroutinesPerRequest", 1.0, "goroutines/request"),
                        new Figure("rounds", 3, "rounds")), "GOROUTINES", List.of(stack)),
                "Return from the handler when `c.Request().Context().Done()` fires.", 401);
        return ScanReport.of(meta(id, start, d, "http://127.0.0.1:41801", "quick", ScanEnd.SUCCEEDED, null),
                List.of(DiscoveredTelemetry.found(Signal.GOROUTINES, "/debug/pprof/goroutine?debug=1", "pprof-debug1"),
                        DiscoveredTelemetry.found(Signal.HEAP_AFTER_GC_BYTES, "/debug/pprof/heap?debug=1&gc=1",
                                "pprof-heap"),
                        DiscoveredTelemetry.found(Signal.OPEN_FDS, "/metrics", "prometheus"),
                        DiscoveredTelemetry.found(Signal.PROCESS_START_SECONDS, "/metrics", "prometheus")),
                List.of(stats(STREAM, 3, 60, Map.of(), hist("aborted by scanner", 60), null,
                                checks(true, true, false)),
                        stats(STATUS, 3, 600, hist("200", 600), Map.of(), new LatencyPercentiles(0.2, 0.6, 1.4),
                                checks(true, false, false))),
                TimeSeries.fromSamples(samples),
                new AnalysisResult(Verdict.LEAKS_FOUND, "GET /stream never notices that its client went away: "
                        + "each aborted request leaves a goroutine (and its connection) behind for good.",
                        List.of(leak, aborts)));
    }

    // --- an app in a non-main package, built in /build/shop: heap growth, XFF key cardinality, latency drift ---

    static ScanReport shopHeapAndKeys(String id, Instant start) {
        List<Sample> samples = new ArrayList<>();
        Duration d = simulate(samples, start, List.of(ITEMS, LIMITED), 200, (t, load) -> 11,
                (t, load) -> 6_000_000 + t * 120);
        Frame append = new Frame("github.com/acme/shop/internal/api.(*Server).createItem",
                "/build/shop/internal/api/items.go", 57);
        Frame handler = new Frame("github.com/acme/shop/internal/api.(*Server).Routes.func2",
                "/build/shop/internal/api/routes.go", 24);
        StackEvidence heapStack = new StackEvidence(0, 0, append, List.of(append, handler), null, null, 0);
        Finding heap = new Finding(FindingKind.HEAP_GROWTH, ITEMS, Scope.HANDLER, Severity.HIGH,
                new Confidence(0.88, List.of("post-GC heap slope 2.1 KiB/request in all 5 rounds",
                        "no plateau after 5,000 requests")),
                "POST /api/items retains 2.1 KiB of heap per request",
                new Evidence(List.of(new Figure("heapPerRequest", 2150, "bytes/request"),
                        new Figure("rounds", 5, "rounds")), "HEAP_AFTER_GC_BYTES", List.of(heapStack)),
                "The handler appends every item to a package-level slice. Keep items in the store, or bound the "
                        + "slice (an LRU with a size cap).", 401);
        Finding keys = new Finding(FindingKind.KEY_CARDINALITY_GROWTH, LIMITED, Scope.HANDLER, Severity.HIGH,
                new Confidence(0.91, List.of("3.4 KiB per distinct X-Forwarded-For value, 0 per repeated value")),
                "GET /api/limited keeps state per X-Forwarded-For value | an attacker chooses how much",
                new Evidence(List.of(new Figure("bytesPerDistinctKey", 3480, "bytes/key"),
                        new Figure("bytesPerRepeatedKey", 0, "bytes/key"), new Figure("distinctKeys", 2000, "keys")),
                        "HEAP_AFTER_GC_BYTES", List.of()),
                "Set `e.IPExtractor = echo.ExtractIPDirect()` (or trust only your proxies with "
                        + "`echo.ExtractIPFromXFFHeader(...)`) and give the rate limiter store an `ExpiresIn`.", 400);
        Finding drift = new Finding(FindingKind.LATENCY_DRIFT, ITEMS, Scope.HANDLER, Severity.LOW,
                new Confidence(0.6, List.of("p95 rose 18% per round")), "POST /api/items gets slower every round",
                new Evidence(List.of(new Figure("p95GrowthPerRound", 0.18, "ratio")), "LATENCY_P95", List.of()),
                "Follows from the growing slice above.", null);
        return ScanReport.of(meta(id, start, d, "https://staging.shop.example:8443", "deep", ScanEnd.SUCCEEDED,
                        null),
                List.of(DiscoveredTelemetry.found(Signal.GOROUTINES, "/metrics", "prometheus"),
                        DiscoveredTelemetry.found(Signal.HEAP_AFTER_GC_BYTES, "/debug/vars", "expvar"),
                        DiscoveredTelemetry.found(Signal.OPEN_FDS, "/metrics", "prometheus")),
                List.of(stats(ITEMS, 5, 5000, hist("201", 4990, "503", 10), hist("timeout", 2),
                                new LatencyPercentiles(3.1, 9.8, 22.5), checks(true, false, false)),
                        stats(LIMITED, 4, 4000, hist("200", 3000, "429", 1000), Map.of(),
                                new LatencyPercentiles(0.5, 1.1, 1.9), checks(true, false, true))),
                TimeSeries.fromSamples(samples),
                new AnalysisResult(Verdict.LEAKS_FOUND, "Two memory leaks: POST /api/items keeps every item in "
                        + "memory, and GET /api/limited keeps state per client-chosen X-Forwarded-For value.",
                        List.of(drift, keys, heap)))
                // its endpoints came from the shop's swaggo description, as --openapi auto --include-unsafe loads it
                .withInventory(new InventorySummary("https://staging.shop.example:8443/swagger/doc.json", 2,
                        List.of(new SkippedOperation("DELETE", "/api/items/:id", "excluded by 'DELETE /api/*'"),
                                new SkippedOperation("GET", "/api/admin/stats", "its security needs "
                                        + "the X-Admin-Token header (scheme AdminToken), which the scan does not send"),
                                new SkippedOperation("GET", "/api/legacy/ping", "deprecated"))));
    }

    // --- brief-middleware-fixed: the same app with the context fix ---

    static ScanReport clean(String id, Instant start) {
        List<Sample> samples = new ArrayList<>();
        Duration d = simulate(samples, start, List.of(USERS, HELLO), 100, (t, load) -> 6 + load * 2,
                (t, load) -> 4_200_000 + (t % 700));
        return ScanReport.of(meta(id, start, d, "http://127.0.0.1:41740", "memory", ScanEnd.SUCCEEDED, null),
                pprofAndMemoryJson(),
                List.of(stats(USERS, 5, 1000, hist("200", 1000), Map.of(), new LatencyPercentiles(0.4, 1.1, 2.7),
                                checks(false, false, true)),
                        stats(HELLO, 5, 1000, hist("200", 1000), Map.of(), new LatencyPercentiles(0.3, 0.8, 2.0),
                                checks(false, false, false))),
                TimeSeries.fromSamples(samples),
                new AnalysisResult(Verdict.CLEAN, "No leak: goroutines returned to the baseline within 1 s after "
                        + "every round and the post-GC heap stayed within its measured noise (±0.7 KiB).", List.of()));
    }

    // --- lab no-telemetry: nothing to read, so nothing can be claimed ---

    static ScanReport inconclusive(String id, Instant start) {
        List<DiscoveredTelemetry> none = new ArrayList<>();
        for (Signal s : List.of(Signal.GOROUTINES, Signal.HEAP_AFTER_GC_BYTES, Signal.OPEN_FDS,
                Signal.PROCESS_START_SECONDS)) {
            none.add(DiscoveredTelemetry.missing(s, "no known telemetry path answered (404 on all 6)"));
        }
        List<CheckRun> checks = List.of(CheckRun.skipped(Check.GOROUTINES, "no GOROUTINES telemetry"),
                CheckRun.skipped(Check.ABORTS, "no GOROUTINES telemetry"),
                CheckRun.skipped(Check.HEAP, "no HEAP_AFTER_GC_BYTES telemetry"),
                CheckRun.skipped(Check.KEY_CARDINALITY, "no HEAP_AFTER_GC_BYTES telemetry"),
                CheckRun.skipped(Check.FDS, "no OPEN_FDS telemetry"), CheckRun.ran(Check.LATENCY));
        return ScanReport.of(meta(id, start, Duration.ofSeconds(31), "http://127.0.0.1:41790", "memory",
                        ScanEnd.SUCCEEDED, null),
                none,
                List.of(stats(new EndpointRef("GET", "/"), 5, 1000, hist("200", 1000), Map.of(),
                        new LatencyPercentiles(0.3, 0.7, 1.5), checks)),
                TimeSeries.empty(),
                new AnalysisResult(Verdict.INCONCLUSIVE, "Inconclusive: the target exposes no goroutine, heap or "
                        + "file-descriptor telemetry, so no leak can be confirmed or ruled out. Latency stayed flat. "
                        + "Mount net/http/pprof or a Prometheus endpoint and scan again.", List.of()));
    }

    // --- a scan that stopped: the target started timing out ---

    static ScanReport failed(String id, Instant start) {
        List<Sample> samples = new ArrayList<>();
        Duration d = simulate(samples, start, List.of(new EndpointRef("GET", "/slow")), 250,
                (t, load) -> 9 + load * 30, (t, load) -> 5_000_000 + t * 50);
        return ScanReport.failed(meta(id, start, d, "http://127.0.0.1:41812", "memory", ScanEnd.FAILED,
                        new ScanFailure("TARGET_DISTRESS", "GET /slow: 37% of requests timed out in round 2; the "
                                + "scan backed off twice and stopped to spare the target.")),
                pprofAndMemoryJson(),
                List.of(stats(new EndpointRef("GET", "/slow"), 2, 400, hist("200", 252), hist("timeout", 148),
                        new LatencyPercentiles(850, 5000, 5000), List.of(CheckRun.ran(Check.LATENCY),
                                CheckRun.skipped(Check.GOROUTINES, "scan stopped before the settle window"),
                                CheckRun.skipped(Check.HEAP, "scan stopped before the settle window")))),
                TimeSeries.fromSamples(samples));
    }

    private static ScanMetadata meta(String id, Instant start, Duration d, String url, String profile,
                                     ScanEnd status, ScanFailure failure) {
        return ScanMetadata.of(id, url, profile, true, VERSION, status, start, start.plus(d).plusMillis(400),
                failure, status == ScanEnd.FAILED ? null : echo4());
    }

    /**
     * Samples every {@code stepMs}: a 3 s baseline, then per endpoint 5 load rounds of 1 s each followed by a 1 s
     * settle, then a 6 s final settle. {@code load} is 1 during load and 0 otherwise, for the models.
     */
    private static Duration simulate(List<Sample> out, Instant start, List<EndpointRef> endpoints, int stepMs,
                                     DoubleBinaryOperator goroutines, DoubleBinaryOperator heap) {
        record Phase(String name, EndpointRef endpoint, int ms, int load) {
        }
        List<Phase> plan = new ArrayList<>();
        plan.add(new Phase("baseline", null, 3000, 0));
        for (EndpointRef e : endpoints) {
            for (int round = 0; round < 5; round++) {
                plan.add(new Phase("load", e, 1000, 1));
                plan.add(new Phase("settle", e, 1000, 0));
            }
        }
        plan.add(new Phase("settle", null, 6000, 0));
        long t = 0;
        for (Phase p : plan) {
            for (long end = t + p.ms(); t < end; t += stepMs) {
                Map<Signal, Double> v = new EnumMap<>(Signal.class);
                v.put(Signal.GOROUTINES, goroutines.applyAsDouble(t, p.load()));
                v.put(Signal.HEAP_AFTER_GC_BYTES, heap.applyAsDouble(t, p.load()));
                out.add(new Sample(start.plusMillis(t), p.name(), p.endpoint(), v, "pid-4242"));
            }
        }
        return Duration.ofMillis(t);
    }
}
