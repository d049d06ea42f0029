// Sustained throughput of the probe engine against one endpoint, for bench/probe-throughput.sh (not a test).
// Run as a single-file program on the project's classpath:
//   java -cp CLASSPATH bench/ProbeThroughputBench.java BASE_URL PATH CONCURRENCY SECONDS WARMUP_SECONDS
// Prints one line: RESULT rps=... requests=... errors=... p50=... p99=... cpu_us=... loop_us=...
import io.leakscan.probe.*;
import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

public class ProbeThroughputBench {

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: ProbeThroughputBench BASE_URL PATH CONCURRENCY SECONDS WARMUP_SECONDS");
            System.exit(2);
        }
        URI base = URI.create(args[0]);
        Endpoint endpoint = Endpoint.get(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmUpSeconds = Integer.parseInt(args[4]);
        // Rate "unlimited" (a million per second): this measures how fast the engine can go, not the pacer.
        ProbeLimits limits = new ProbeLimits(1_000_000, concurrency, Long.MAX_VALUE / 4,
                Duration.ofSeconds((seconds + warmUpSeconds) * 4L + 60));
        ProbeEngine engine = new ProbeEngine(limits, DistressPolicy.DEFAULT, ClientSettings.DEFAULTS,
                ProbeHttpClientFactory.unguarded(), Clock.systemUTC());
        try (ProbeSession session = engine.open(new TargetSpec(base, Map.of()), limits, new CancellationToken())) {
            LoadPlan chunk = new LoadPlan(5_000, concurrency, 1_000_000);
            // JIT and connection warm-up, not counted: the engine runs in a long-lived service, so its steady state
            // is what a scan meets. Reactor Netty's deep call chains need tens of seconds of C2 on 2 busy cores.
            long warmUntil = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
            while (System.nanoTime() < warmUntil) {
                session.load(endpoint, chunk);
            }
            System.out.println("MEASURING"); // the script reads the target's CPU from here on
            System.out.flush();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long loopStart = eventLoopCpuNanos();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long completed = 0;
            long errors = 0;
            RoundTraffic last = null;
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
            long n = Math.max(1, completed);
            System.out.printf("RESULT rps=%.0f requests=%d errors=%d p50=%.3f p99=%.3f cpu_us=%.1f loop_us=%.1f%n",
                    completed / elapsed, completed, errors, last == null ? 0 : last.latency().p50Millis(),
                    last == null ? 0 : last.latency().p99Millis(), (os.getProcessCpuTime() - cpuStart) / 1e3 / n,
                    (eventLoopCpuNanos() - loopStart) / 1e3 / n);
        }
    }

    /**
     * CPU spent so far by Reactor Netty's event loops, where the per-request work runs: unlike wall-clock throughput
     * it hardly depends on what else shares the cores, so two builds can be compared on a busy machine.
     */
    static long eventLoopCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("reactor-http")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }
}
