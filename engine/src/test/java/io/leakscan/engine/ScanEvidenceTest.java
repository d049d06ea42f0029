package io.leakscan.engine;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Analyzer;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.EndpointObservation;
import io.leakscan.analysis.LoadRound;
import io.leakscan.analysis.RoundKind;
import io.leakscan.probe.Latency;
import io.leakscan.probe.RoundTraffic;
import io.leakscan.probe.TrafficKind;
import io.leakscan.target.Endpoint;
import io.leakscan.telemetry.RestartEvent;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the engine hands the analyzer. */
class ScanEvidenceTest {

    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    /**
     * A restart the sampler noticed on its own (a GC count that went back at one source) need not show in the
     * merged samples, which carry no restart marker here; the analysis must still hear of it, or a scan across a
     * restart could end CLEAN.
     */
    @Test
    void aRestartTheSamplerNoticedReachesTheAnalysis() {
        LiveSamples live = new LiveSamples(ScanListener.NONE);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<Signal, Double> values = new EnumMap<>(Signal.class);
            values.put(Signal.GOROUTINES, 12.0);
            samples.add(new Sample(T0.plusMillis(500L * i), "baseline", null, values, null));
        }
        live.accept(samples);
        live.restart(RestartEvent.ofValues(T0.plusSeconds(5), "GC count went backwards at /debug/vars", 40, 2));
        ScanEvidence evidence = new ScanEvidence(new Analyzer(), live, T0);
        evidence.baselineStarted(T0);
        evidence.baselineEnded(T0.plusSeconds(9), null, null);

        AnalysisResult result = evidence.analyze();

        assertThat(result.findings()).extracting(Finding::kind).contains(FindingKind.TARGET_RESTARTED);
    }

    /**
     * A timed abort round sends one round per cut point under one window: the analysis must see one round per window,
     * or the level after each cut is the same and a leak that grows window by window looks as if it did not grow.
     */
    @Test
    void abortRoundsWatchedByOneWindowCountAsOneRound() {
        EndpointWork work = new EndpointWork(ScanEndpoint.of(Endpoint.get("/dashboard/ada")));
        work.rounds.add(new RoundReport("load", true, traffic(TrafficKind.LOAD, 0, 1_000, 100, 0), T0.plusSeconds(2)));
        for (int window = 0; window < 2; window++) {
            long at = 3_000 + 3_000L * window;
            Instant settleEnd = T0.plusMillis(at + 2_000);
            for (int cut = 0; cut < 3; cut++) {
                work.rounds.add(new RoundReport("abort at " + cut, true,
                        traffic(TrafficKind.ABORT, at + 200L * cut, at + 200L * cut + 150, 1, 6), settleEnd));
            }
        }

        EndpointObservation obs = ScanEvidence.observation(work);

        List<LoadRound> aborts = obs.rounds(RoundKind.ABORT);
        assertThat(aborts).hasSize(2);
        assertThat(aborts.getFirst().start()).isEqualTo(T0.plusMillis(3_000));
        assertThat(aborts.getFirst().end()).isEqualTo(T0.plusMillis(3_550));
        assertThat(aborts.getFirst().aborted()).isEqualTo(18);
        assertThat(aborts.getFirst().completed()).isEqualTo(3);
        assertThat(obs.rounds(RoundKind.LOAD)).hasSize(1);
    }

    private static RoundTraffic traffic(TrafficKind kind, long fromMillis, long toMillis, long completed, long aborted) {
        Instant from = T0.plusMillis(fromMillis);
        Instant to = T0.plusMillis(toMillis);
        return new RoundTraffic(new io.leakscan.target.EndpointRef("GET", "/dashboard/:user"), kind, from, to,
                Duration.between(from, to), completed + aborted, completed, Map.of(200, completed), Map.of(), aborted,
                aborted, 0, new Latency(completed, 280, 290, 295, 300), 250, 8, 0, 0, null);
    }
}
