package io.leakscan.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sources a sampler fetches. Cheap counters go on the fast cadence; anything that forces a GC or dumps stacks
 * goes on the slow one, so the scanner does not become the load it measures.
 *
 * @param counters fetched every count interval
 * @param slow     fetched every profile interval (heap after GC)
 * @param stacks   the goroutine profile source for snapshots, or null
 */
public record SamplingPlan(List<Source> counters, List<Source> slow, Source stacks) {

    public record Source(String path, SourceFormat format, boolean forcedGc) {
    }

    public SamplingPlan {
        counters = List.copyOf(counters);
        slow = List.copyOf(slow);
    }

    static SamplingPlan from(DiscoveryReport r) {
        Map<String, Source> fast = new LinkedHashMap<>();
        Map<String, Source> slow = new LinkedHashMap<>();
        for (Capability c : List.of(Capability.GOROUTINE_COUNT, Capability.HEAP_WITHOUT_GC, Capability.OPEN_FDS,
                Capability.RESIDENT_MEMORY, Capability.RESTART_MARKER)) {
            r.chosen(c).flatMap(r::probe).ifPresent(p -> {
                if (p.forcedGc() || p.format().isProfile()) {
                    slow.putIfAbsent(p.path(), source(p));
                } else {
                    fast.putIfAbsent(p.path(), source(p));
                }
            });
        }
        r.chosen(Capability.HEAP_AFTER_GC).flatMap(r::probe).ifPresent(p -> {
            if (!fast.containsKey(p.path())) {
                slow.putIfAbsent(p.path(), source(p));
            }
        });
        Source stacks = r.chosen(Capability.GOROUTINE_STACKS).flatMap(r::probe).map(SamplingPlan::source).orElse(null);
        return new SamplingPlan(new ArrayList<>(fast.values()), new ArrayList<>(slow.values()), stacks);
    }

    private static Source source(DiscoveryReport.Probe p) {
        return new Source(p.path(), p.format(), p.forcedGc());
    }
}
