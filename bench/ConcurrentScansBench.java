// Concurrent scans on one node, for bench/concurrent-scans.sh (not a test): what scans running at once do to each
// other's results. One ScanEngine, as a service node has, and K scans at a time on K threads, as K workers run them;
// each scan has a lab app of its own (a fresh process per scan, on 127.0.0.1, started and stopped here by its pid).
// For each level K the apps are scanned in batches of K that start together; every scan is compared with
// lab/catalog.json route by route, and its sampler's jitter and gaps are kept.
// Compiled with TimeToVerdictBench.java (its catalog reading and comparison), then run on the project's classpath:
//   java -cp CLASSES:CLASSPATH ConcurrentScansBench CATALOG BIN_DIR PROFILE LEVELS APPS OUT
// Writes the tables of bench/results/concurrent-scans.md to OUT (stdout carries Reactor's log), progress on stderr.
import io.leakscan.engine.EndpointReport;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.engine.ScanEngine;
import io.leakscan.engine.ScanListener;
import io.leakscan.engine.ScanOutcome;
import io.leakscan.engine.ScanPlan;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import io.leakscan.telemetry.SamplerStats;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

public class ConcurrentScansBench {

    /** One scan's result at one level of concurrency. */
    record Run(int level, String app, String expected, String verdict, int exact, int missed, int fp, long requests,
               double floor, double total, SamplerStats stats, String load) {

        boolean right() {
            return verdict.equals(expected) && missed == 0 && fp == 0;
        }
    }

    /** A lab app's process, started here; only this process is ever stopped. */
    record App(Process process, String baseUrl) implements AutoCloseable {

        static App start(Path bin, String name) throws Exception {
            Process p = new ProcessBuilder(bin.resolve(name).toString(), "-addr", "127.0.0.1:0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("listening on ")) {
                p.destroyForcibly();
                throw new IllegalStateException("lab app " + name + " did not announce its address: " + first);
            }
            // the rest of its stdout is drained so a chatty app never blocks on a full pipe
            Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
            return new App(p, first.substring("listening on ".length()).trim());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: ConcurrentScansBench CATALOG BIN_DIR PROFILE LEVELS APPS OUT");
            System.exit(2);
        }
        Path catalog = Path.of(args[0]);
        Path bin = Path.of(args[1]);
        ScanProfile profile = ScanProfile.named(args[2]);
        int[] levels = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> apps = List.of(args[4].split(","));
        ScanEngine engine = new ScanEngine(TargetPolicy.loopbackOnly(), ProbeLimits.DEFAULT_SERVER_MAXIMA,
                Clock.systemUTC());

        // JIT and Reactor Netty's start-up are paid once by a node: not inside the first measured scan
        try (App warm = App.start(bin, "trap-slow")) {
            engine.run(TimeToVerdictBench.warmUp(warm.baseUrl()), ScanListener.NONE, new CancellationToken());
        }

        List<Run> runs = new ArrayList<>();
        for (int level : levels) {
            for (int from = 0; from < apps.size(); from += level) {
                List<String> batch = apps.subList(from, Math.min(apps.size(), from + level));
                System.err.printf(Locale.ROOT, "level %d: %s (load %s)%n", level, batch, loadAverage());
                runs.addAll(batch(engine, catalog, bin, profile, level, batch));
            }
        }
        try (java.io.PrintStream out = new java.io.PrintStream(Files.newOutputStream(Path.of(args[5])), true,
                StandardCharsets.UTF_8)) {
            print(out, runs, levels, profile);
        }
        System.exit(0);
    }

    /** Scans each app of the batch on its own thread, all started together; waits for every one. */
    static List<Run> batch(ScanEngine engine, Path catalog, Path bin, ScanProfile profile, int level,
                           List<String> batch) throws Exception {
        List<App> started = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(batch.size())) {
            List<Future<Run>> futures = new ArrayList<>();
            for (String name : batch) {
                App app = App.start(bin, name);
                started.add(app);
                futures.add(pool.submit(() -> scan(engine, catalog, profile, level, name, app.baseUrl())));
            }
            List<Run> out = new ArrayList<>();
            for (Future<Run> f : futures) {
                Run r = f.get(40, TimeUnit.MINUTES);
                System.err.printf(Locale.ROOT, "  %s %s (expected %s) exact %d missed %d fp %d, %.1f s, jitter p99 %.0f ms%n",
                        r.app(), r.verdict(), r.expected(), r.exact(), r.missed(), r.fp(), r.total(),
                        r.stats() == null ? Double.NaN : r.stats().jitterP99Ms());
                out.add(r);
            }
            return out;
        } finally {
            for (App app : started) {
                app.close();
            }
        }
    }

    static Run scan(ScanEngine engine, Path catalog, ScanProfile profile, int level, String name, String baseUrl)
            throws Exception {
        JsonNode app = TimeToVerdictBench.app(catalog, name);
        List<TimeToVerdictBench.Route> routes = TimeToVerdictBench.routes(app);
        List<ScanEndpoint> endpoints = routes.stream().map(r -> new ScanEndpoint(r.ref(), r.request())).toList();
        ScanPlan plan = ScanPlan.of(new TargetSpec(URI.create(baseUrl), Map.of()), endpoints, profile, true);
        ScanOutcome outcome = engine.run(plan, ScanListener.NONE, new CancellationToken());
        String load = loadAverage();
        TimeToVerdictBench.Tally tally = TimeToVerdictBench.compare(routes, outcome.analysis(),
                "at level " + level + ": " + name + " ");
        long requests = outcome.endpoints().stream().mapToLong(EndpointReport::requestsSent).sum();
        double floor = TimeToVerdictBench.floor(requests, profile);
        String verdict = outcome.analysis() == null ? outcome.status().name() : outcome.analysis().verdict().name();
        return new Run(level, name, app.path("expectedVerdict").asString(), verdict, tally.exact(), tally.missed(),
                tally.fp(), requests,
                floor, outcome.timings().total().toMillis() / 1000.0, outcome.samplerStats(), load);
    }

    static void print(java.io.PrintStream out, List<Run> runs, int[] levels, ScanProfile profile) {
        out.println("| Scans at once | Scans | Right verdicts | Exact | Missed | False positives "
                + "| Time to verdict median s | max s | Median ratio | Sampler jitter p99 median ms | max ms "
                + "| Worst tick ms | Sampler gaps | Load average at scan ends |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int level : levels) {
            List<Run> at = runs.stream().filter(r -> r.level() == level).toList();
            List<SamplerStats> stats = at.stream().map(Run::stats).filter(s -> s != null).toList();
            out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %.1f | %.1f | %.2f | %.0f | %.0f | %.0f | %d | %s |%n",
                    level, at.size(), at.stream().filter(Run::right).count(),
                    at.stream().mapToInt(Run::exact).sum(), at.stream().mapToInt(Run::missed).sum(),
                    at.stream().mapToInt(Run::fp).sum(),
                    median(at.stream().mapToDouble(Run::total).toArray()),
                    at.stream().mapToDouble(Run::total).max().orElse(Double.NaN),
                    median(at.stream().mapToDouble(r -> r.total() / r.floor()).toArray()),
                    median(stats.stream().mapToDouble(SamplerStats::jitterP99Ms).toArray()),
                    stats.stream().mapToDouble(SamplerStats::jitterP99Ms).max().orElse(Double.NaN),
                    stats.stream().mapToDouble(SamplerStats::jitterMaxMs).max().orElse(Double.NaN),
                    stats.stream().mapToLong(s -> s.gaps().values().stream().mapToLong(Long::longValue).sum()).sum(),
                    at.stream().map(Run::load).map(l -> l.split(" ")[0]).distinct().reduce((a, b) -> a + ", " + b)
                            .orElse("-"));
        }
        out.println();
        out.println("Per scan (" + profile.name() + "):");
        out.println();
        out.println("| Scans at once | App | Verdict | Expected | Exact | Missed | FP | Requests | Time s "
                + "| Ratio | Jitter p50 / p99 / max ms | Gaps |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Run r : runs) {
            SamplerStats s = r.stats();
            out.printf(Locale.ROOT, "| %d | %s | %s | %s | %d | %d | %d | %d | %.1f | %.2f | %s | %s |%n",
                    r.level(), r.app(), r.verdict(), r.expected(), r.exact(), r.missed(), r.fp(), r.requests(),
                    r.total(), r.total() / r.floor(),
                    s == null ? "-" : String.format(Locale.ROOT, "%.0f / %.0f / %.0f", s.jitterP50Ms(),
                            s.jitterP99Ms(), s.jitterMaxMs()),
                    s == null ? "-" : String.valueOf(s.gaps().values().stream().mapToLong(Long::longValue).sum()));
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
