package io.leakscan.analysis;

import io.leakscan.analysis.stats.Noise;
import io.leakscan.analysis.stats.Plateau;
import io.leakscan.telemetry.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.leakscan.analysis.GoroutineDetector.round;

/** FD_LEAK: open file descriptors after each load or abort round that grow in every round and are not closed. */
final class FdLeakDetector {

    private FdLeakDetector() {
    }

    static List<Suspect> detect(ScanObservations obs, Timeline tl) {
        if (!tl.has(Signal.OPEN_FDS)) {
            return List.of();
        }
        Noise noise = tl.noise(Signal.OPEN_FDS);
        List<Suspect> out = new ArrayList<>();
        for (EndpointObservation ep : obs.endpoints()) {
            for (RoundKind kind : List.of(RoundKind.LOAD, RoundKind.ABORT)) {
                measure(tl, noise, ep, ep.rounds(kind)).ifPresent(r -> out.add(suspect(ep, r, kind)));
            }
            ep.inputRounds().forEach((input, rounds) -> measure(tl, noise, ep, rounds)
                    .map(r -> ErrorPaths.of(suspect(ep, r, RoundKind.ERROR_INPUT), rounds)).ifPresent(out::add));
        }
        return out;
    }

    private static Optional<Retention> measure(Timeline tl, Noise noise, EndpointObservation ep,
                                               List<LoadRound> rounds) {
        return Retention.measure(tl, Signal.OPEN_FDS, rounds, noise, null)
                .filter(r -> r.plateau().shape() == Plateau.Shape.GROWING && r.perRequest() > 0);
    }

    private static Suspect suspect(EndpointObservation ep, Retention r, RoundKind kind) {
        List<String> reasons = new ArrayList<>();
        reasons.add("open file descriptors grew in every round (" + r.rounds() + "/" + r.rounds()
                + ") and were not closed within the settle window");
        r.unreadNote().ifPresent(reasons::add);
        double c = 0.6 + (r.rounds() >= 3 ? 0.1 : 0) + (r.fit().r2() >= 0.9 ? 0.15 : 0);
        if (r.fit().r2() >= 0.9) {
            reasons.add("proportional to requests (r\u00b2 = " + round(r.fit().r2()) + ")");
        }
        List<Figure> figures = List.of(
                new Figure("fdsPerRequest", round(r.perRequest()), "fds/request"),
                new Figure("fdsPerRequestLow", round(r.fit().slopeLow()), "fds/request"),
                new Figure("fdsPerRequestHigh", round(r.fit().slopeHigh()), "fds/request"),
                new Figure("roundsGrew", r.plateau().grewRounds(), "rounds"),
                new Figure("retainedFds", round(r.totalGrowth()), "fds"),
                new Figure(kind == RoundKind.ABORT ? "abortedRequests" : "requests", r.totalRequests(), "requests"),
                new Figure("r2", round(r.fit().r2()), "1"));
        return new Suspect(FindingKind.FD_LEAK, ep.endpoint(), "FD", Pattern.GENERIC, Signal.OPEN_FDS.name(),
                figures, List.of(), Math.min(c, 0.95), reasons, r.perRequest(), 0, null);
    }
}
