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
            long warmUntil = System.nanoTime() + 3_000_000_000L; // JIT and connection warm-up, not counted
            while (System.nanoTime() < warmUntil) {
                session.load(endpoint, chunk);
            }
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
            System.out.printf("RESULT rps=%.0f requests=%d errors=%d p50=%.3f p99=%.3f%n", completed / elapsed, completed,
                    errors, last == null ? 0 : last.latency().p50Millis(), last == null ? 0 : last.latency().p99Millis());
        }
    }
}
