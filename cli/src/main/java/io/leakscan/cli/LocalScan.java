package io.leakscan.cli;

import io.leakscan.engine.PlannedTraffic;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.engine.ScanEngine;
import io.leakscan.engine.ScanListener;
import io.leakscan.engine.ScanOutcome;
import io.leakscan.engine.ScanPlan;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.report.OutcomeReports;
import io.leakscan.report.ScanReport;
import io.leakscan.target.TargetPolicy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/** Runs a scan in this process with the engine: no server, no database, no Spring. */
final class LocalScan {

    private final Clock clock;

    LocalScan(Clock clock) {
        this.clock = clock;
    }

    /**
     * The user named this target on the command line, so it is the allow-list: its host (a name, or an address) and
     * loopback. The target guard still refuses link-local and cloud-metadata addresses whatever the name resolves to.
     */
    static TargetPolicy policyFor(ScanSettings s) {
        List<String> hosts = new ArrayList<>(List.of(host(s.target())));
        if (s.telemetryUrl() != null) {
            hosts.add(host(s.telemetryUrl())); // named on the command line as well: a second allowed host
        }
        try {
            return TargetPolicy.parse(true, List.copyOf(new LinkedHashSet<>(hosts)));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("cannot scan host '" + String.join("' or '", hosts) + "': " + e.getMessage());
        }
    }

    private static String host(URI url) {
        String host = url.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The scan as the engine takes it. The user runs this scanner against their own target, so the request budget and
     * (without {@code --max-duration}) the duration limit grow with what the plan needs: twice its requests and twice
     * its rate floor plus five minutes, never below a self-hosted service's defaults. Under a fixed 500,000 deep could
     * not scan the lab's shop service (1.2 million requests planned); on 10 of its endpoints it sent 573,050.
     */
    static ScanPlan plan(ScanSettings s) {
        ProbeLimits max = ProbeLimits.DEFAULT_SERVER_MAXIMA;
        double rps = s.rps() == null ? max.maxRequestsPerSecond() : s.rps();
        int concurrency = s.concurrency() == null ? max.maxConcurrency() : s.concurrency();
        ScanPlan draft = new ScanPlan(s.targetSpec(), s.endpoints(), s.profile(), s.tuning().overrides(),
                s.echoSpecific(), s.telemetryPaths(), Map.of(), new ProbeLimits(rps, concurrency,
                max.maxTotalRequests(), s.maxDuration() == null ? max.maxDuration() : s.maxDuration()));
        PlannedTraffic planned;
        try {
            planned = PlannedTraffic.of(draft, max, true);
        } catch (IllegalArgumentException e) {
            return draft; // tuning above the maxima: the engine refuses the plan with the reason
        }
        ProbeLimits room = planned.room(draft.limits());
        return draft.withLimits(new ProbeLimits(rps, concurrency, room.maxTotalRequests(),
                s.maxDuration() != null ? s.maxDuration() : room.maxDuration()));
    }

    /** The engine's maxima for {@code plan}: a self-hosted service's rate and concurrency, the plan's own budget. */
    static ProbeLimits maxima(ScanPlan plan) {
        ProbeLimits max = ProbeLimits.DEFAULT_SERVER_MAXIMA;
        return new ProbeLimits(max.maxRequestsPerSecond(), max.maxConcurrency(),
                Math.max(max.maxTotalRequests(), plan.limits().maxTotalRequests()),
                longer(max.maxDuration(), plan.limits().maxDuration()));
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Scans, then hands the report to {@code finish} (which writes the outputs) and returns its exit code. Ctrl-C
     * cancels the scan: all traffic stops and the CANCELLED report is still written before the JVM exits (with 130,
     * the shell's code for an interrupt).
     */
    int run(ScanSettings s, ScanListener listener, ToIntFunction<ScanReport> finish) {
        ScanPlan plan = plan(s);
        ScanEngine engine = new ScanEngine(policyFor(s), maxima(plan), clock);
        CancellationToken cancel = new CancellationToken();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.cancel("interrupted (Ctrl-C)");
            try {
                // The engine stops all traffic within a second of a cancel; let it, and the outputs be written.
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "leakscan-cancel");
        boolean hooked = false;
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            hooked = true;
        } catch (IllegalStateException shuttingDown) {
            // already exiting: run without the hook
        }
        try {
            ScanOutcome outcome = engine.run(plan, listener, cancel);
            return finish.applyAsInt(OutcomeReports.of(UUID.randomUUID().toString(), plan, outcome, Version.VALUE)
                    .withInventory(s.inventory()));
        } finally {
            finished.countDown();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting; the hook has run
                }
            }
        }
    }
}
