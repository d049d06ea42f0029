import io.leakscan.engine.ScanEndpoint;
import io.leakscan.engine.ScanEngine;
import io.leakscan.engine.ScanListener;
import io.leakscan.engine.ScanOutcome;
import io.leakscan.engine.ScanPlan;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ProfileOverrides;
import io.leakscan.probe.ScanProfile;
import io.leakscan.report.JsonReportRenderer;
import io.leakscan.report.OutcomeReports;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Scenario 6 of issue 17, the CLI half: {@code EngineLeakBench <base URL> <scans> <every>} runs that many short scans
 * one after the other in this one JVM through the engine the CLI runs in-process (and renders each report as JSON, as
 * the CLI does), and after the start and every {@code every} scans prints
 * {@code ROW <scans> <heap after GC, KiB> <live threads> <open fds> <status of the last scan>}.
 */
public class EngineLeakBench {

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        int scans = Integer.parseInt(args[1]);
        int every = Integer.parseInt(args[2]);
        ScanEngine engine = new ScanEngine(TargetPolicy.loopbackOnly(), ProbeLimits.DEFAULT_SERVER_MAXIMA,
                Clock.systemUTC());
        // the service bench's scan: one endpoint, two rounds of 20 requests, no aborts or key rounds
        ProfileOverrides small = new ProfileOverrides(Duration.ofSeconds(1), 2, 20, 2, 50.0, null, Duration.ZERO, 0,
                null, null, 0, null);
        ScanPlan plan = new ScanPlan(new TargetSpec(base, Map.of()),
                List.of(new ScanEndpoint(new EndpointRef("GET", "/work"), Endpoint.get("/work"))), ScanProfile.QUICK,
                small, false, List.of(), Map.of(), null);
        row(0, "-");
        for (int i = 1; i <= scans; i++) {
            ScanOutcome outcome = engine.run(plan, new ScanListener() { }, new CancellationToken());
            new JsonReportRenderer().render(OutcomeReports.of(UUID.randomUUID().toString(), plan, outcome, "bench"),
                    OutputStream.nullOutputStream());
            if (i % every == 0) {
                row(i, outcome.status().name());
            }
        }
    }

    private static void row(int scans, String status) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        System.out.println("ROW " + scans + " " + heap + " " + threads + " " + fds + " " + status);
        System.out.flush();
    }
}
