package io.leakscan.analysis;

import io.leakscan.analysis.stats.Decay;
import io.leakscan.analysis.stats.Noise;
import io.leakscan.analysis.stats.Plateau;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.parse.GoroutineProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Goroutines retained per request across rounds, and per aborted request. Decides per endpoint:
 * <ul>
 *   <li>GOROUTINE_LEAK: the settled count grew by more than the noise threshold in every round (a single jump is
 *   warm-up) and never came back;</li>
 *   <li>LINGERING_GOROUTINES: in most rounds the count was elevated after the load and came back to the level
 *   before it after longer than the clean grace period (the measured lifetime is reported);</li>
 *   <li>ABORT_IGNORED: aborted requests left goroutines behind (permanent or lingering) at a clearly higher rate
 *   than completed requests of the same endpoint did.</li>
 * </ul>
 * The profile diff names the stack groups that grew, reduced to the app's frames.
 */
final class GoroutineDetector {

    private GoroutineDetector() {
    }

    enum Retained { PERMANENT, LINGERING, CLEAN }

    static Retained classify(Retention r) {
        if (r.plateau().shape() == Plateau.Shape.GROWING && r.perRequest() > 0) {
            return Retained.PERMANENT;
        }
        long lingering = r.count(Decay.Kind.LINGERING);
        // Elevated at the end of the window but back down before the next round: it lingers longer than the window.
        long outlived = r.count(Decay.Kind.PERMANENT);
        if (2 * (lingering + outlived) > r.rounds() && lingering + outlived > 0
                && r.decays().stream().anyMatch(d -> d.peakExcess() > r.noise().threshold())) {
            return Retained.LINGERING;
        }
        return Retained.CLEAN;
    }

    static List<Suspect> detect(ScanObservations obs, Timeline tl) {
        if (!tl.has(Signal.GOROUTINES)) {
            return List.of();
        }
        Noise noise = tl.noise(Signal.GOROUTINES);
        List<Suspect> out = new ArrayList<>();
        for (EndpointObservation ep : obs.endpoints()) {
            Optional<Retention> load = Retention.measure(tl, Signal.GOROUTINES, ep.rounds(RoundKind.LOAD), noise, null);
            Optional<Retention> abort = Retention.measure(tl, Signal.GOROUTINES, ep.rounds(RoundKind.ABORT), noise,
                    null);
            load.ifPresent(r -> fromLoad(ep, r).ifPresent(out::add));
            abort.ifPresent(r -> out.addAll(fromAbort(ep, r, load.orElse(null))));
            // each wrong input is a series of its own, judged as the endpoint's own requests are
            ep.inputRounds().forEach((input, rounds) -> Retention.measure(tl, Signal.GOROUTINES, rounds, noise, null)
                    .flatMap(r -> fromLoad(ep, r)).map(s -> ErrorPaths.of(s, rounds)).ifPresent(out::add));
        }
        return out;
    }

    private static Optional<Suspect> fromLoad(EndpointObservation ep, Retention r) {
        return switch (classify(r)) {
            case PERMANENT -> Optional.of(permanent(ep, r, false));
            case LINGERING -> Optional.of(lingering(ep, r));
            case CLEAN -> Optional.empty();
        };
    }

    private static List<Suspect> fromAbort(EndpointObservation ep, Retention aborts, Retention completed) {
        Retained kind = classify(aborts);
        if (kind == Retained.CLEAN) {
            return List.of();
        }
        double perAbort = kind == Retained.PERMANENT ? aborts.perRequest() : aborts.peakPerRequest();
        if (completed != null) {
            double perCompleted = kind == Retained.PERMANENT ? completed.perRequest() : completed.peakPerRequest();
            // Completed requests leak just as much: the leak is not about cancellation (reported from the load).
            if (perAbort <= 2 * Math.max(0, perCompleted) + 0.05) {
                return List.of();
            }
        }
        List<Stacks.Grown> stacks = stacks(ep, kind == Retained.PERMANENT, aborts);
        Pattern pattern = Pattern.of(stacks, true);
        long aborted = ep.rounds(RoundKind.ABORT).stream().mapToLong(LoadRound::aborted).sum();
        long closed = ep.rounds(RoundKind.ABORT).stream().mapToLong(LoadRound::confirmedClosed).sum();
        List<Figure> figures = new ArrayList<>(List.of(
                new Figure("goroutinesPerAbortedRequest", round(perAbort), "goroutines/request"),
                new Figure("abortedRequests", aborted, "requests"),
                new Figure("confirmedClosed", closed, "connections"),
                new Figure("abortRounds", aborts.rounds(), "rounds")));
        List<String> reasons = new ArrayList<>();
        double confidence;
        double lifetime = 0;
        if (kind == Retained.PERMANENT) {
            figures.add(new Figure("roundsGrew", aborts.plateau().grewRounds(), "rounds"));
            figures.add(new Figure("r2", round(aborts.fit().r2()), "1"));
            reasons.add("goroutines grew after every abort round (" + aborts.rounds() + "/" + aborts.rounds()
                    + ") and never came back");
            confidence = 0.7;
        } else {
            lifetime = aborts.lingerLifetime();
            figures.add(new Figure("lingerLifetime", round(lifetime), "s"));
            reasons.add("goroutines outlived the aborted requests by " + round(lifetime) + " s");
            confidence = 0.6;
        }
        if (closed > 0 && closed == aborted) {
            confidence += 0.1;
            reasons.add("every aborted connection was confirmed closed by the client");
        }
        if (completed != null) {
            confidence += 0.05;
            reasons.add("completed requests to the same endpoint left nothing comparable behind");
        }
        confidence = corroborate(stacks, aborts.totalGrowth(), confidence, reasons);
        String key = "ABORT:" + (stacks.isEmpty() ? "?" : Stacks.siteKey(stacks.getFirst().evidence()));
        List<Suspect> out = new ArrayList<>();
        out.add(new Suspect(FindingKind.ABORT_IGNORED, ep.endpoint(), key, pattern, Signal.GOROUTINES.name(),
                figures, stacks, Math.min(confidence, 0.97), reasons, perAbort, lifetime, null));
        if (kind == Retained.PERMANENT) {
            out.add(permanent(ep, aborts, true));
        }
        return out;
    }

    private static Suspect permanent(EndpointObservation ep, Retention r, boolean aborted) {
        List<Stacks.Grown> stacks = stacks(ep, true, r);
        List<String> reasons = new ArrayList<>();
        reasons.add("goroutines grew in every round (" + r.rounds() + "/" + r.rounds() + ") and did not come back "
                + "within the settle window");
        r.unreadNote().ifPresent(reasons::add);
        double c = 0.5;
        if (r.rounds() >= 3) {
            c += 0.1;
            reasons.add(r.rounds() + " rounds, not a single jump");
        }
        if (r.fit().r2() >= 0.9) {
            c += 0.1;
            reasons.add("retained count proportional to requests (r\u00b2 = " + round(r.fit().r2()) + ")");
        }
        c = corroborate(stacks, r.totalGrowth(), c, reasons);
        List<Figure> figures = List.of(
                new Figure("goroutinesPerRequest", round(r.perRequest()), "goroutines/request"),
                new Figure("goroutinesPerRequestLow", round(r.fit().slopeLow()), "goroutines/request"),
                new Figure("goroutinesPerRequestHigh", round(r.fit().slopeHigh()), "goroutines/request"),
                new Figure("roundsGrew", r.plateau().grewRounds(), "rounds"),
                new Figure("rounds", r.rounds(), "rounds"),
                new Figure("retainedGoroutines", round(r.totalGrowth()), "goroutines"),
                new Figure(aborted ? "abortedRequests" : "requests", r.totalRequests(), "requests"),
                new Figure("r2", round(r.fit().r2()), "1"),
                new Figure("noiseThreshold", round(r.noise().threshold()), "goroutines"));
        String key = "GOROUTINE:" + (stacks.isEmpty() ? "?" : Stacks.siteKey(stacks.getFirst().evidence()));
        return new Suspect(FindingKind.GOROUTINE_LEAK, ep.endpoint(), key, Pattern.of(stacks, aborted),
                Signal.GOROUTINES.name(), figures, stacks, Math.min(c, 0.97), reasons, r.perRequest(), 0, null);
    }

    private static Suspect lingering(EndpointObservation ep, Retention r) {
        List<Stacks.Grown> stacks = stacks(ep, false, r);
        double lifetime = r.lingerLifetime();
        boolean outlivedWindow = r.count(Decay.Kind.LINGERING) == 0;
        if (outlivedWindow) {
            lifetime = r.decays().stream().mapToDouble(Decay::lifetimeSeconds).min().orElse(0);
        }
        List<String> reasons = new ArrayList<>();
        long lingered = r.count(Decay.Kind.LINGERING) + r.count(Decay.Kind.PERMANENT);
        reasons.add("goroutines stayed elevated after the load in " + lingered + "/" + r.rounds() + " rounds, "
                + (outlivedWindow ? "longer than the settle window, yet did not accumulate across rounds"
                : "then returned to the level before the round after " + round(lifetime) + " s"));
        r.unreadNote().ifPresent(reasons::add);
        double c = 0.55;
        List<Double> lifetimes = r.decays().stream().filter(d -> d.kind() == Decay.Kind.LINGERING)
                .map(Decay::lifetimeSeconds).toList();
        if (lifetimes.size() >= 2) {
            double min = lifetimes.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = lifetimes.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            if (max - min <= Math.max(1.0, 0.3 * lifetime)) {
                c += 0.15;
                reasons.add("the same lifetime in every round (" + round(min) + "\u2013" + round(max) + " s)");
            }
        }
        double perRequest = r.peakPerRequest();
        if (perRequest >= 0.5 && perRequest <= 3) {
            c += 0.05;
            reasons.add("about " + round(perRequest) + " lingering goroutine(s) per request");
        }
        c = corroborate(stacks, r.decays().getLast().peakExcess(), c, reasons);
        List<Figure> figures = new ArrayList<>(List.of(
                new Figure("lingerLifetime", round(lifetime), "s"),
                new Figure("lingeringPerRequest", round(perRequest), "goroutines/request"),
                new Figure("roundsLingered", lingered, "rounds"),
                new Figure("rounds", r.rounds(), "rounds"),
                new Figure("retainedPerRequestAfterSettle", round(r.perRequest()), "goroutines/request"),
                new Figure("requests", r.totalRequests(), "requests"),
                new Figure("noiseThreshold", round(r.noise().threshold()), "goroutines")));
        if (outlivedWindow) {
            figures.add(new Figure("lifetimeIsLowerBound", 1, "1"));
        }
        String key = "GOROUTINE:" + (stacks.isEmpty() ? "?" : Stacks.siteKey(stacks.getFirst().evidence()));
        return new Suspect(FindingKind.LINGERING_GOROUTINES, ep.endpoint(), key, Pattern.of(stacks, false),
                Signal.GOROUTINES.name(), figures, stacks, Math.min(c, 0.95), reasons, perRequest, lifetime, null);
    }

    /** Profile diff: after the settle window for what stays, right after the load for what lingers. */
    private static List<Stacks.Grown> stacks(EndpointObservation ep, boolean permanent, Retention r) {
        ProfileSnapshots p = ep.profiles();
        GoroutineProfile after = permanent ? (p.afterSettle() != null ? p.afterSettle() : p.afterLoad())
                : p.afterLoad();
        double expected = permanent ? r.totalGrowth() : r.decays().getLast().peakExcess();
        int min = (int) Math.max(2, Math.round(0.2 * expected));
        List<Stacks.Grown> grown = Stacks.grown(p.before(), after, min);
        return grown.size() > 5 ? grown.subList(0, 5) : grown;
    }

    /** A profile group that grew by about as much as the series did is the same leak, seen a second way. */
    static double corroborate(List<Stacks.Grown> stacks, double seriesGrowth, double c, List<String> reasons) {
        if (stacks.isEmpty()) {
            return c;
        }
        StackEvidence top = stacks.getFirst().evidence();
        int sum = stacks.stream().mapToInt(g -> g.evidence().growth()).sum();
        if (seriesGrowth > 0 && top.growth() >= 0.5 * seriesGrowth) {
            reasons.add("one stack group grew by " + top.growth() + " (" + top.before() + " \u2192 " + top.after()
                    + "), waiting at " + (top.leakSite() == null ? "?" : top.leakSite().location()));
            return c + 0.2;
        }
        if (seriesGrowth > 0 && sum >= 0.5 * seriesGrowth) {
            reasons.add(stacks.size() + " stack groups grew by " + sum + " together, the largest at "
                    + (top.leakSite() == null ? "?" : top.leakSite().location()));
            return c + 0.15;
        }
        reasons.add("stack groups grew, though less than the count did");
        return c + 0.05;
    }

    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
