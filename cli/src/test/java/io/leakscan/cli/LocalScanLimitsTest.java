package io.leakscan.cli;

import io.leakscan.engine.PlannedTraffic;
import io.leakscan.engine.ScanPlan;
import io.leakscan.probe.ProbeLimits;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The local scan's budget and duration grow with the plan: the user scans their own target. */
class LocalScanLimitsTest {

    private static ScanSettings settings(String... args) {
        ScanCommand cmd = new ScanCommand(Terminal.PIPE, Clock.systemUTC());
        new picocli.CommandLine(cmd).parseArgs(args);
        return cmd.settings();
    }

    private static String[] endpoints(int n, String... more) {
        List<String> args = new ArrayList<>(List.of("http://127.0.0.1:9"));
        for (int i = 0; i < n; i++) {
            args.addAll(List.of("--endpoint", "GET /items/:id /items/" + i));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void deepOnThirtyOneEndpointsGetsTheBudgetAndTimeItNeeds() {
        ScanPlan plan = LocalScan.plan(settings(endpoints(31, "--profile", "deep")));
        PlannedTraffic t = PlannedTraffic.of(plan, LocalScan.maxima(plan), true);
        assertThat(t.requests()).isGreaterThan(ProbeLimits.DEFAULT_SERVER_MAXIMA.maxTotalRequests());
        assertThat(plan.limits().maxTotalRequests()).isEqualTo(2 * t.requests());
        assertThat(plan.limits().maxDuration()).isEqualTo(t.rateFloor().multipliedBy(2).plusMinutes(5))
                .isGreaterThan(Duration.ofMinutes(60));
        assertThat(LocalScan.maxima(plan).maxTotalRequests()).isEqualTo(plan.limits().maxTotalRequests());
        assertThat(LocalScan.maxima(plan).maxDuration()).isEqualTo(plan.limits().maxDuration());
    }

    @Test
    void aSmallPlanKeepsTheDefaultsAndAGivenDurationIsKept() {
        ScanPlan quick = LocalScan.plan(settings(endpoints(1, "--profile", "quick")));
        assertThat(quick.limits().maxTotalRequests()).isEqualTo(500_000);
        assertThat(quick.limits().maxDuration()).isEqualTo(Duration.ofMinutes(60));
        ScanPlan capped = LocalScan.plan(settings(endpoints(31, "--profile", "deep", "--max-duration", "10m",
                "--rps", "100")));
        assertThat(capped.limits().maxDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(capped.limits().maxRequestsPerSecond()).isEqualTo(100);
    }

    @Test
    void aDryRunStatesThePlan() {
        assertThat(DryRun.plan(settings(endpoints(1, "--profile", "quick")))).hasValueSatisfying(line ->
                assertThat(line).matches("plan: quick on 1 endpoint sends about [0-9,]+ requests if nothing leaks "
                        + "\\(every endpoint answering as an ordinary one, the heap read\\), at least [0-9]+ s at its "
                        + "rate"));
        assertThat(DryRun.plan(settings(endpoints(31, "--profile", "deep")))).hasValueSatisfying(line ->
                assertThat(line).startsWith("plan: deep on 31 endpoints sends about 1,").contains(" min "));
    }
}
