package io.leakscan.analysis;

import io.leakscan.telemetry.RestartEvent;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.parse.GoroutineProfile;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything a scan observed, as the analyzer's one input. Meant to be filled as the scan runs: the sampler appends
 * every reading to {@code samples} (baseline, load, settle, between endpoints: one continuous stream, the scanner's
 * own telemetry traffic included), and each probe round appends a {@link LoadRound} with its times to its endpoint.
 * The analyzer slices the samples by those times, so no sample needs to be copied into a round.
 *
 * @param samples          every telemetry reading of the scan, any order (sorted here by time)
 * @param baselineStart    when the baseline phase began (no load yet, only the sampler's own requests)
 * @param baselineEnd      when it ended
 * @param baselineProfiles goroutine profiles taken during the baseline ({@code debug=2} when served, else
 *                         {@code debug=1}); may be empty
 * @param baselineLeakProfile the {@code /debug/pprof/goroutineleak} profile at the end of the baseline, or null
 * @param endpoints        one entry per endpoint probed, in the order they were probed
 * @param telemetry        which telemetry the target offered at all
 * @param restarts         restarts the scanner noticed by other means (connection refused then back, a changed
 *                         {@code cmdline}); restarts visible in the samples are found by the analyzer itself
 */
public record ScanObservations(List<Sample> samples, Instant baselineStart, Instant baselineEnd,
                               List<GoroutineProfile> baselineProfiles, GoroutineProfile baselineLeakProfile,
                               List<EndpointObservation> endpoints, TelemetryAvailability telemetry,
                               List<RestartEvent> restarts) {

    public ScanObservations {
        Objects.requireNonNull(baselineStart, "baselineStart");
        Objects.requireNonNull(baselineEnd, "baselineEnd");
        Objects.requireNonNull(telemetry, "telemetry");
        if (baselineEnd.isBefore(baselineStart)) {
            throw new IllegalArgumentException("baseline ends before it starts");
        }
        samples = samples.stream().sorted(Comparator.comparing(Sample::at)).toList();
        baselineProfiles = List.copyOf(baselineProfiles);
        endpoints = List.copyOf(endpoints);
        restarts = restarts == null ? List.of() : List.copyOf(restarts);
    }

    /** The readings of the baseline phase. */
    public List<Sample> baselineSamples() {
        return between(baselineStart, baselineEnd);
    }

    /** Readings taken in {@code [from, to]}. */
    public List<Sample> between(Instant from, Instant to) {
        return samples.stream().filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to)).toList();
    }
}
