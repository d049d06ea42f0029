package io.leakscan.analysis;

import io.leakscan.analysis.stats.Decay;
import io.leakscan.analysis.stats.Fit;
import io.leakscan.analysis.stats.Noise;
import io.leakscan.analysis.stats.Plateau;
import io.leakscan.analysis.stats.Stats;
import io.leakscan.telemetry.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.IntToDoubleFunction;

/**
 * What one signal retained across a series of rounds of one kind against one endpoint: the level before the
 * rounds, the settled level after each, how each round's excess decayed, whether the levels grew in every round,
 * and the growth per request.
 *
 * @param levels   the level before the first round, then the settled level after each round (adjusted)
 * @param requests requests per round
 * @param decays   per round, how the signal came down after the load
 * @param fit      settled level against cumulative requests (Theil–Sen slope = retained per request)
 * @param unread   rounds after which the signal could not be read (no sample in the settle window): their requests
 *                 count with the next round that was read, a trailing one is left out
 */
record Retention(Signal signal, Noise noise, List<Double> levels, List<Long> requests, List<Decay> decays,
                 Plateau plateau, Fit fit, int unread) {

    /**
     * @param adjust per round index (0 = before the first round), an amount to subtract from the level: the part
     *               of it explained by something that is not a leak (goroutine descriptors); null for none
     */
    static Optional<Retention> measure(Timeline tl, Signal signal, List<LoadRound> rounds, Noise noise,
                                       IntToDoubleFunction adjust) {
        if (rounds.isEmpty() || !tl.has(signal)) {
            return Optional.empty();
        }
        OptionalDouble ref = tl.levelBefore(signal, rounds.getFirst().start());
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        double grace = Math.max(1.0, 2.5 * tl.sampleInterval());
        List<Double> levels = new ArrayList<>();
        levels.add(ref.getAsDouble() - (adjust == null ? 0 : adjust.applyAsDouble(0)));
        List<Long> requests = new ArrayList<>();
        List<Decay> decays = new ArrayList<>();
        double before = ref.getAsDouble();
        // A target under strain can fail to answer its profile for a whole settle window (an app out of file
        // descriptors still answered goroutine samples but no heap profile). The levels are fitted against cumulative
        // requests, so such a round merges into the next one read instead of discarding every round measured.
        long carried = 0;
        int unread = 0;
        for (int i = 0; i < rounds.size(); i++) {
            LoadRound r = rounds.get(i);
            OptionalDouble settled = tl.settled(signal, r.end(), r.settleEnd());
            if (settled.isEmpty()) {
                carried += r.requests();
                unread++;
                continue;
            }
            // Each round's decay is judged against the level right before that round: after a gap between rounds
            // goroutines that outlived the settle window may have ended in the meantime.
            if (i > 0) {
                before = tl.levelBefore(signal, r.start()).orElse(before);
            }
            // Only the round's own wake: readings taken while other traffic ran show that traffic's goroutines.
            decays.add(Decay.classify(tl.points(signal, r.end(), r.decayEnd()), before, noise.threshold(),
                    tl.sec(r.end()), tl.sec(r.decayEnd()), grace));
            before = settled.getAsDouble();
            levels.add(settled.getAsDouble() - (adjust == null ? 0 : adjust.applyAsDouble(i + 1)));
            requests.add(r.requests() + carried);
            carried = 0;
        }
        if (requests.isEmpty()) {
            return Optional.empty();
        }
        double[] x = new double[levels.size()];
        double[] y = new double[levels.size()];
        long cumulative = 0;
        for (int i = 0; i < levels.size(); i++) {
            if (i > 0) {
                cumulative += requests.get(i - 1);
            }
            x[i] = cumulative;
            y[i] = levels.get(i);
        }
        Fit fit = cumulative > 0 ? Stats.theilSen(x, y) : new Fit(0, y[0], 0);
        return Optional.of(new Retention(signal, noise, levels, requests, decays,
                Plateau.classify(levels, noise.threshold()), fit, unread));
    }

    /** Why fewer rounds were judged than were run, for a finding's reasons; empty when every round was read. */
    Optional<String> unreadNote() {
        return unread == 0 ? Optional.empty() : Optional.of(unread + " round(s) without a reading of "
                + Analyzer.words(signal) + " in the settle window: their requests count with the next round read, "
                + "or not at all after the last");
    }

    int rounds() {
        return requests.size();
    }

    long totalRequests() {
        return requests.stream().mapToLong(Long::longValue).sum();
    }

    double totalGrowth() {
        return levels.getLast() - levels.getFirst();
    }

    double perRequest() {
        return fit.slope();
    }

    long count(Decay.Kind kind) {
        return decays.stream().filter(d -> d.kind() == kind).count();
    }

    /** Median lifetime of the rounds that lingered (0 when none did). */
    double lingerLifetime() {
        List<Double> l = decays.stream().filter(d -> d.kind() == Decay.Kind.LINGERING)
                .map(Decay::lifetimeSeconds).toList();
        return l.isEmpty() ? 0 : Stats.median(l);
    }

    /** Median excess right after the load per request of the round (how many lingered per request). */
    double peakPerRequest() {
        List<Double> per = new ArrayList<>();
        for (int i = 0; i < decays.size(); i++) {
            if (requests.get(i) > 0) {
                per.add(decays.get(i).peakExcess() / requests.get(i));
            }
        }
        return per.isEmpty() ? 0 : Stats.median(per);
    }
}
