package io.leakscan.engine;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Verdict;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.telemetry.ProfileSnapshot;
import io.leakscan.telemetry.RestartEvent;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.SamplerStats;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one scan.
 *
 * @param status      succeeded, failed or cancelled
 * @param failure     why it failed (null unless FAILED)
 * @param fingerprint what preflight made of the target (null when preflight failed)
 * @param discovery   the telemetry the target offers (null when the scan ended before discovery)
 * @param analysis    verdict and findings; present when SUCCEEDED, and when a FAILED scan got as far as probing
 *                    (the analysis of what was measured before it stopped); null otherwise
 * @param endpoints   per endpoint: its rounds with their statistics
 * @param samples     every telemetry reading, in time order
 * @param profiles    goroutine profile snapshots (baseline, and per endpoint before / after load / after settle)
 * @param samplerStats ticks, gaps and jitter of the sampler, or null when it never ran
 * @param restarts    restarts the sampler noticed as they happened
 * @param timings     when it ran and the time per phase
 */
public record ScanOutcome(ScanEnd status, ScanFailure failure, EchoFingerprint fingerprint,
                          DiscoveryReport discovery, AnalysisResult analysis, List<EndpointReport> endpoints,
                          List<Sample> samples, List<ProfileSnapshot> profiles, SamplerStats samplerStats,
                          List<RestartEvent> restarts, ScanTimings timings) {

    public ScanOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(timings, "timings");
        if (status == ScanEnd.FAILED && failure == null) {
            throw new IllegalArgumentException("a failed scan needs its failure");
        }
        endpoints = List.copyOf(endpoints);
        samples = List.copyOf(samples);
        profiles = List.copyOf(profiles);
        restarts = List.copyOf(restarts);
    }

    public Optional<Verdict> verdict() {
        return Optional.ofNullable(analysis).map(AnalysisResult::verdict);
    }
}
