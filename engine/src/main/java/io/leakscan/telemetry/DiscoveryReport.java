package io.leakscan.telemetry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a target offers, for the scan resource and the sampler.
 *
 * @param probes    every path tried, with what came back
 * @param offered   per capability: which sources offer it and which one was chosen
 * @param missing   capabilities no source offers, each with why it matters
 * @param exposedProfiles profiling endpoints readable without credentials (a PROFILING_EXPOSED finding)
 */
public record DiscoveryReport(List<Probe> probes, Map<Capability, Offer> offered, List<Missing> missing,
                              List<String> exposedProfiles) {

    public DiscoveryReport {
        probes = List.copyOf(probes);
        offered = Map.copyOf(offered);
        missing = List.copyOf(missing);
        exposedProfiles = List.copyOf(exposedProfiles);
    }

    /**
     * @param path    path and query tried
     * @param status  HTTP status, 0 when no response
     * @param format  identified from the content, UNKNOWN when none
     * @param problem why it is not usable (timeout, 404, parse failure), or null when usable
     * @param forcedGc the request forces a GC first ({@code gc=1} or a memory endpoint that runs runtime.GC)
     * @param signals  the signals its body carried
     */
    public record Probe(String path, int status, SourceFormat format, String problem, boolean forcedGc,
                        Set<Signal> signals) {
        public Probe {
            signals = Set.copyOf(signals);
        }

        public boolean usable() {
            return problem == null && format != SourceFormat.UNKNOWN;
        }
    }

    /** @param sources paths offering it, best first; {@code chosen} is the first */
    public record Offer(Capability capability, List<String> sources, String chosen) {
        public Offer {
            sources = List.copyOf(sources);
        }
    }

    public record Missing(Capability capability, String whyItMatters) {
    }

    public Optional<Probe> probe(String path) {
        return probes.stream().filter(p -> p.path().equals(path)).findFirst();
    }

    public Optional<String> chosen(Capability c) {
        return Optional.ofNullable(offered.get(c)).map(Offer::chosen);
    }

    /** What the sampler should fetch: the chosen sources, each once, with its format and cadence. */
    public SamplingPlan samplingPlan() {
        return SamplingPlan.from(this);
    }
}
