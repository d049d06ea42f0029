package io.leakscan.analysis;

import java.util.ArrayList;
import java.util.List;

import static io.leakscan.analysis.GoroutineDetector.round;

/** LATENCY_DRIFT: median latency that rises in every load round. */
final class LatencyDriftDetector {

    private LatencyDriftDetector() {
    }

    /**
     * Latency that rises round over round: secondary, and the only signal a target without telemetry gives. On a
     * shared machine latency drifts for reasons of its own, so with memory telemetry it is reported only beside a
     * leak already found on the same endpoint (as corroboration); without telemetry it stands on its own.
     */
    static List<Suspect> detect(ScanObservations obs, boolean telemetry, List<Suspect> leaks) {
        List<Suspect> out = new ArrayList<>();
        for (EndpointObservation ep : obs.endpoints()) {
            if (telemetry && leaks.stream().noneMatch(l -> ep.endpoint().equals(l.endpoint())
                    && FindingKind.LEAKS.contains(l.kind()))) {
                continue;
            }
            List<LoadRound> rounds = ep.rounds(RoundKind.LOAD).stream().filter(r -> r.latency() != null).toList();
            if (rounds.size() < 3) {
                continue;
            }
            boolean rising = true;
            for (int i = 1; i < rounds.size(); i++) {
                rising &= rounds.get(i).latency().p50() > rounds.get(i - 1).latency().p50();
            }
            double first = rounds.getFirst().latency().p50();
            double last = rounds.getLast().latency().p50();
            if (rising && last >= 1.5 * first && last - first >= 2.0) {
                out.add(new Suspect(FindingKind.LATENCY_DRIFT, ep.endpoint(), "LATENCY", Pattern.GENERIC,
                        "LATENCY_P50_MS", List.of(
                        new Figure("p50First", round(first), "ms"),
                        new Figure("p50Last", round(last), "ms"),
                        new Figure("p50IncreasePerRound", round((last - first) / (rounds.size() - 1)), "ms/round"),
                        new Figure("rounds", rounds.size(), "rounds")),
                        List.of(), telemetry ? 0.3 : 0.4, List.of("median latency rose in every one of " + rounds.size()
                        + " rounds, from " + round(first) + " ms to " + round(last) + " ms"),
                        (last - first) / (rounds.size() - 1), 0, null));
            }
        }
        return out;
    }
}
