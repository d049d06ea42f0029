package io.leakscan.engine;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Analyzer;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.telemetry.RestartEvent;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

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
}
