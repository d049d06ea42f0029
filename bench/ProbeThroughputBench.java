// Sustained throughput of the probe engine against one endpoint, for bench/probe-throughput.sh (not a test).
// Run as a single-file program on the project's classpath:
//   java -cp CLASSPATH bench/ProbeThroughputBench.java BASE_URL PATH CONCURRENCY SECONDS
// Prints one line: RESULT rps=... requests=... errors=... p50=... p99=...
import io.leakscan.probe.*;
import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

public class ProbeThroughputBench {

    /**
     * CPU spent so far by Reactor Netty's event loops, where the engine's per-request work runs: unlike wall-clock
     * throughput it does not depend on what else shares the cores, so two builds can be compared on a busy machine.
     */
    static long eventLoopCpuNanos() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("reactor-http")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ProbeThroughputBench BASE_URL PATH CONCURRENCY SECONDS");
            System.exit(2);
        }
        URI base = URI.create(args[0]);
        Endpoint endpoint = Endpoint.get(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        // Rate "unlimited" (a million per second): this measures how fast the engine can go, not the pacer.
        ProbeLimits limits = new ProbeLimits(1_000_000, concurrency, Long.MAX_VALUE / 4, Duration.ofSeconds(seconds * 4L + 60));
        ProbeEngine engine = new ProbeEngine(limits, DistressPolicy.DEFAULT, ClientSettings.DEFAULTS,
                ProbeHttpClientFactory.unguarded(), Clock.systemUTC());
        try (ProbeSession session = engine.open(new TargetSpec(base, Map.of()), limits, new CancellationToken())) {
            LoadPlan chunk = new LoadPlan(5_000, concurrency, 1_000_000);
            // JIT and connection warm-up, not counted: the engine runs in a long-lived service, so its steady state is
            // what a scan meets; Reactor Netty's deep call chains need about 15 s of C2 on 2 busy cores to get there.
            long warmUntil = System.nanoTime() + Long.getLong("warmup.seconds", 15) * 1_000_000_000L;
            while (System.nanoTime() < warmUntil) {
                session.load(endpoint, chunk);
            }
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long loopStart = eventLoopCpuNanos();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long completed = 0;
            long errors = 0;
            LoadRound last = null;
            while (System.nanoTime() < end) {
                RoundOutcome outcome = session.load(endpoint, chunk);
                last = outcome.round();
                completed += last.completed();
                errors += last.errorCount();
                if (outcome instanceof RoundOutcome.Stopped stopped) {
                    System.err.println("stopped: " + stopped.stop());
                    break;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuMicrosPerRequest = (os.getProcessCpuTime() - cpuStart) / 1e3 / Math.max(1, completed);
            double loopMicrosPerRequest = (eventLoopCpuNanos() - loopStart) / 1e3 / Math.max(1, completed);
            System.out.printf("RESULT rps=%.0f requests=%d errors=%d p50=%.3f p99=%.3f cpu_us_per_request=%.1f"
                            + " event_loop_us_per_request=%.1f%n",
                    completed / elapsed, completed, errors, last == null ? 0 : last.latency().p50Millis(),
                    last == null ? 0 : last.latency().p99Millis(), cpuMicrosPerRequest, loopMicrosPerRequest);
        }
    }
}
