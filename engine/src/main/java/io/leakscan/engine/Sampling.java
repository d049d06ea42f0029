package io.leakscan.engine;

import io.leakscan.probe.ScanProfile;
import io.leakscan.telemetry.Capability;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.telemetry.SamplerConfig;
import io.leakscan.telemetry.SamplingPlan;
import io.leakscan.telemetry.SourceFormat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** How the engine samples a target: which sources on which cadence. */
final class Sampling {

    static final String GOROUTINE_DEBUG2 = "/debug/pprof/goroutine?debug=2";
    static final String GOROUTINE_LEAK = "/debug/pprof/goroutineleak?debug=1";

    private static final Set<SourceFormat> GOROUTINE_PROFILES = EnumSet.of(SourceFormat.GOROUTINE_DEBUG1,
            SourceFormat.GOROUTINE_DEBUG2, SourceFormat.GOROUTINE_PPROF);

    private Sampling() {
    }

    /**
     * The discovery's plan, with two changes. A goroutine profile that is the only goroutine count moves to the
     * fast cadence: the settle windows classify decay (clean, lingering 5 s, permanent) from the count, which a
     * reading every 2 s cannot resolve, and a {@code debug=1} profile is cheap (it groups identical stacks). And the
     * snapshots use {@code debug=2} when served, for wait states and {@code created by}.
     */
    static SamplingPlan plan(DiscoveryReport report) {
        SamplingPlan base = report.samplingPlan();
        List<SamplingPlan.Source> counters = new ArrayList<>(base.counters());
        List<SamplingPlan.Source> slow = new ArrayList<>();
        String countSource = report.chosen(Capability.GOROUTINE_COUNT).orElse(null);
        for (SamplingPlan.Source s : base.slow()) {
            if (!s.forcedGc() && GOROUTINE_PROFILES.contains(s.format()) && s.path().equals(countSource)) {
                counters.add(s);
            } else {
                slow.add(s);
            }
        }
        SamplingPlan.Source stacks = report.probe(GOROUTINE_DEBUG2)
                .filter(p -> p.usable() && p.format() == SourceFormat.GOROUTINE_DEBUG2)
                .map(p -> new SamplingPlan.Source(p.path(), p.format(), false))
                .orElse(base.stacks());
        return new SamplingPlan(counters, slow, stacks);
    }

    /**
     * Counters five times a second; GC-forcing sources every 400 ms for {@code quick} (its settle windows are a
     * second or two and need two post-GC readings each), every second otherwise. Batches of one: the engine decides
     * when a settle window may close from the readings as they arrive.
     */
    static SamplerConfig config(ScanProfile profile) {
        Duration slow = profile.name().equals(ScanProfile.QUICK.name()) ? Duration.ofMillis(400) : Duration.ofSeconds(1);
        return new SamplerConfig(Duration.ofMillis(200), slow, Duration.ofMillis(1000), Duration.ofSeconds(5), 4, 1,
                64L << 20, 1024);
    }
}
