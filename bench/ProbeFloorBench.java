// What the probe engine's HTTP stack can do at best, for bench/probe-throughput.sh (not a test): the same closed
// loop of CONCURRENCY lanes (each sends its next request when the previous one completes) with nothing of the engine
// around it, through a bare WebClient exchange ("webclient") or Reactor Netty's HttpClient directly ("reactor-netty").
// Run as a single-file program on the project's classpath:
//   java -cp CLASSPATH bench/ProbeFloorBench.java webclient|reactor-netty URL CONCURRENCY SECONDS WARMUP_SECONDS
// Prints one line: RESULT rps=... requests=... errors=... cpu_us=... loop_us=...
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

public class ProbeFloorBench {

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: ProbeFloorBench webclient|reactor-netty URL CONCURRENCY SECONDS WARMUP_SECONDS");
            System.exit(2);
        }
        URI uri = URI.create(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmUpSeconds = Integer.parseInt(args[4]);
        ConnectionProvider pool = ConnectionProvider.builder("floor").maxConnections(concurrency).build();
        HttpClient http = HttpClient.create(pool);
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
        Supplier<Mono<Integer>> request = switch (args[0]) {
            case "webclient" -> () -> web.get().uri(uri)
                    .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()));
            case "reactor-netty" -> () -> http.get().uri(uri)
                    .responseSingle((response, body) -> body.then(Mono.just(response.status().code())));
            default -> throw new IllegalArgumentException("unknown client: " + args[0]);
        };
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch lanesDone = new CountDownLatch(concurrency);
        class Lane {
            void next() {
                if (stop.get()) {
                    lanesDone.countDown();
                    return;
                }
                request.get().subscribe(status -> completed.incrementAndGet(),
                        error -> { errors.incrementAndGet(); next(); }, this::next);
            }
        }
        for (int i = 0; i < concurrency; i++) {
            new Lane().next();
        }
        Thread.sleep(warmUpSeconds * 1000L);
        System.out.println("MEASURING"); // the script reads the target's CPU from here on
        System.out.flush();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long loopStart = EventLoops.eventLoopCpuNanos();
        long doneStart = completed.get();
        long errorsStart = errors.get();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long n = Math.max(1, completed.get() - doneStart);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = os.getProcessCpuTime() - cpuStart;
        long loops = EventLoops.eventLoopCpuNanos() - loopStart;
        stop.set(true);
        lanesDone.await(10, TimeUnit.SECONDS);
        System.out.printf("RESULT rps=%.0f requests=%d errors=%d cpu_us=%.1f loop_us=%.1f%n", n / elapsed, n,
                errors.get() - errorsStart, cpu / 1e3 / n, loops / 1e3 / n);
        pool.disposeLater().block();
        System.exit(0);
    }

    /** CPU spent so far by Reactor Netty's event loops (the same measure as ProbeThroughputBench's). */
    static final class EventLoops {
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
}
