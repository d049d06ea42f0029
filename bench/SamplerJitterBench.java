// Sampler jitter under load, for bench/sampler-jitter.sh (not a test). Issue #4's target: p99 lateness of the
// sampler's ticks under 20 ms at 10 samples/s while a probe load round runs against the same target.
// Run as a single-file program on the project's classpath:
//   java -cp CLASSPATH bench/SamplerJitterBench.java BASE_URL LOAD_PATH SECONDS
// Prints one line per scenario: RESULT scenario=... rps=... ticks=... samples=... gaps=... p50=... p95=... p99=... max=...
import io.leakscan.probe.*;
import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;
import io.leakscan.telemetry.*;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

public class SamplerJitterBench {

    /** 10 samples/s; GC-forcing and profile sources every 400 ms, as the quick scan profile samples them. */
    static final SamplerConfig CONFIG = new SamplerConfig(Duration.ofMillis(100), Duration.ofMillis(400),
            Duration.ofMillis(1000), Duration.ofSeconds(5), 4, 1, 64L << 20, 64);

    record Scenario(String name, double rps, int concurrency) {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: SamplerJitterBench BASE_URL LOAD_PATH SECONDS");
            System.exit(2);
        }
        URI base = URI.create(args[0]);
        Endpoint endpoint = Endpoint.get(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Clock clock = Clock.systemUTC();
        TelemetryHttp http = new WebClientTelemetryHttp(WebClient.create(), base);
        DiscoveryReport report = new TelemetryDiscovery(http, clock).discover(List.of());
        SamplingPlan plan = report.samplingPlan();
        System.err.println("sampling plan: counters " + plan.counters().stream().map(SamplingPlan.Source::path).toList()
                + ", slow " + plan.slow().stream().map(SamplingPlan.Source::path).toList());
        ProbeLimits limits = new ProbeLimits(1_000_000, 64, Long.MAX_VALUE / 4, Duration.ofHours(1));
        ProbeEngine engine = new ProbeEngine(limits, DistressPolicy.DEFAULT, ClientSettings.DEFAULTS,
                ProbeHttpClientFactory.unguarded(), clock);
        List<Scenario> scenarios = List.of(
                new Scenario("idle (sampler alone)", 0, 0),
                new Scenario("load round, 20 req/s x 4 (scan default)", 20, 4),
                new Scenario("load round, 200 req/s x 32 (scan maximum)", 200, 32),
                new Scenario("load round, unpaced x 32 (saturating)", 1_000_000, 32));
        try (ProbeSession session = engine.open(new TargetSpec(base, Map.of()), limits, new CancellationToken())) {
            // JIT, connection pools and the target warm up first; not counted
            measure("warm-up", http, plan, clock, session, endpoint, new Scenario("warm-up", 200, 32), 5);
            for (Scenario s : scenarios) {
                System.out.println(measure(s.name(), http, plan, clock, session, endpoint, s, seconds));
            }
        }
    }

    static String measure(String name, TelemetryHttp http, SamplingPlan plan, Clock clock, ProbeSession session,
                          Endpoint endpoint, Scenario s, int seconds) {
        AtomicLong received = new AtomicLong();
        SampleSink sink = batch -> received.addAndGet(batch.size());
        TelemetrySampler sampler = new TelemetrySampler(http, TelemetryReader.defaults(), plan, CONFIG, clock, sink);
        long requests = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        // The floor: a bare timer thread in the same JVM on the same cadence that does nothing but note how late it
        // woke, measured like the sampler measures itself. What the sampler adds is the difference.
        long[] floorLate = new long[seconds * 20 + 100];
        int[] floorCount = {0};
        long floorStart = clock.millis();
        java.util.concurrent.ScheduledExecutorService floor = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "floor-timer");
                    t.setDaemon(true);
                    return t;
                });
        floor.scheduleAtFixedRate(() -> {
            int i = floorCount[0];
            if (i < floorLate.length) {
                floorLate[i] = Math.max(0, clock.millis() - (floorStart + i * CONFIG.countInterval().toMillis()));
                floorCount[0] = i + 1;
            }
        }, 0, CONFIG.countInterval().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        sampler.start();
        try {
            if (s.concurrency() == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(end - start);
            } else {
                // one round for a paced scenario (what a scan's load round is); chunks of 5000 for the unpaced one
                while (System.nanoTime() < end) {
                    long left = end - System.nanoTime();
                    int n = s.rps() >= 100_000 ? 5_000
                            : (int) Math.max(1, Math.round(s.rps() * left / 1e9));
                    RoundOutcome out = session.load(endpoint, new LoadPlan(n, s.concurrency(), s.rps()));
                    requests += out.round().completed();
                    if (out instanceof RoundOutcome.Stopped stopped) {
                        System.err.println("load stopped: " + stopped.stop());
                        break;
                    }
                }
            }
        } finally {
            sampler.stop();
            floor.shutdownNow();
        }
        long[] fl = java.util.Arrays.copyOf(floorLate, floorCount[0]);
        java.util.Arrays.sort(fl);
        double elapsed = (System.nanoTime() - start) / 1e9;
        SamplerStats st = sampler.stats();
        long gaps = st.gaps().values().stream().mapToLong(Long::longValue).sum();
        return String.format(java.util.Locale.ROOT,
                "RESULT scenario=\"%s\" seconds=%.1f rps=%.0f ticks=%d samples=%d gaps=%d gapsBySignal=%s p50=%.1f p95=%.1f p99=%.1f max=%.1f floorP99=%d floorMax=%d",
                name, elapsed, requests / elapsed, st.ticks(), st.samples(), gaps, st.gaps(), sampler.jitterPercentileMs(0.50),
                sampler.jitterPercentileMs(0.95), sampler.jitterPercentileMs(0.99), st.jitterMaxMs(),
                fl.length == 0 ? 0 : fl[(int) Math.max(0, Math.ceil(0.99 * fl.length) - 1)],
                fl.length == 0 ? 0 : fl[fl.length - 1]);
    }
}
