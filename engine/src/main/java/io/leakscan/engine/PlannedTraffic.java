package io.leakscan.engine;

import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.ProbeLimits;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The traffic a scan plans before it learns anything from the target: every endpoint answering as an ordinary one
 * (a stream gets only its abort rounds), no pool split by a leak, the heap read (key rounds run only then). The
 * timed aborts are counted at their most, three cut points. A leak found costs more (its pool probed again), so this
 * is what a clean scan of ordinary endpoints sends; streams and fast endpoints (fewer cuts) send somewhat less.
 *
 * @param requests  requests to the target, pilots and warm-ups included
 * @param rateFloor those requests at the profile's rate, plus the baseline and one settle window: a scan that sends
 *                  them cannot end sooner
 */
public record PlannedTraffic(long requests, Duration rateFloor) {

    /** Cut points of the timed aborts at most ({@link RoundPlan#abortCuts}). */
    private static final int MAX_CUTS = 3;

    /** The traffic of {@code plan} with its profile as tuned, {@code heapOffered} deciding the key rounds. */
    public static PlannedTraffic of(ScanPlan plan, ProbeLimits serverMaxima, boolean heapOffered) {
        var profile = plan.profile().with(plan.overrides(), serverMaxima);
        RoundPlan rounds = RoundPlan.of(profile, plan.echoSpecific(), heapOffered);
        boolean targetAuth = ErrorInput.hasAuth(plan.target().headers());
        long total = 0;
        List<ScanEndpoint> endpoints = plan.endpoints();
        for (int i = 0; i < endpoints.size(); i++) {
            total += requests(rounds, endpoints.get(i), i == 0, targetAuth);
        }
        double rate = Math.min(profile.requestsPerSecond(), plan.limits().within(serverMaxima).maxRequestsPerSecond());
        double seconds = total / rate
                + secs(profile.baseline()) + secs(profile.settle());
        return new PlannedTraffic(total, Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** Requests one ordinary endpoint gets; {@code first} also sends the scan's unknown paths. */
    static long requests(RoundPlan rounds, ScanEndpoint endpoint, boolean first, boolean targetAuth) {
        long n = rounds.pilot().requests() + rounds.warmUp().requests()
                + (long) rounds.profile().loadRounds() * rounds.load().requests();
        int perCut = Math.max(5, (rounds.aborts().requests() + MAX_CUTS - 1) / MAX_CUTS);
        n += (long) rounds.timedAbortRounds() * MAX_CUTS * perCut;
        if (rounds.wrongInputs() != null) {
            n += (long) rounds.wrongInputRounds() * rounds.wrongInputs().requests()
                    * ErrorInput.applicable(endpoint, targetAuth).size();
        }
        RoundPlan.KeyRounds keys = rounds.keys();
        if (keys != null) {
            for (KeyPlacement p : keys.placementsFor(endpoint, first)) {
                n += (long) (keys.repeatedRounds() + keys.distinctRounds()) * keys.plan(p, rounds.profile()).requests();
            }
        }
        return n;
    }

    /**
     * {@code base} with room for this traffic: a budget of twice its requests and a duration of twice its rate floor
     * plus five minutes (a leak's group probed again, a slower target), never less than {@code base}'s own.
     */
    public ProbeLimits room(ProbeLimits base) {
        Duration need = rateFloor.multipliedBy(2).plusMinutes(5);
        return new ProbeLimits(base.maxRequestsPerSecond(), base.maxConcurrency(),
                Math.max(base.maxTotalRequests(), 2 * requests),
                need.compareTo(base.maxDuration()) > 0 ? need : base.maxDuration());
    }

    /**
     * Why a session with {@code limits} cannot hold this traffic, for a failed scan's reason; empty when it can. The
     * plan is refused up front rather than stopped by its budget or deadline after a quarter of an hour of load.
     */
    Optional<String> exceeds(ProbeLimits limits, String profile, int endpoints) {
        String what = profile + " on " + endpoints + " endpoint" + (endpoints == 1 ? "" : "s") + " sends about ";
        if (requests > limits.maxTotalRequests()) {
            return Optional.of(what + String.format(Locale.ROOT, "%,d requests even if nothing leaks, above this scan's budget of "
                    + "%,d: scan fewer endpoints (or split them over several scans), use a lighter profile, or raise the "
                    + "scan's request budget",
                    requests, limits.maxTotalRequests()));
        }
        if (rateFloor.compareTo(limits.maxDuration()) > 0) {
            return Optional.of(what + String.format(Locale.ROOT, "%,d requests, at least %d min at its rate, above this scan's "
                    + "limit of %d min: scan fewer endpoints (or split them over several scans), use a lighter profile, or "
                    + "raise the scan's duration limit",
                    requests, rateFloor.toMinutes(), limits.maxDuration().toMinutes()));
        }
        return Optional.empty();
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }
}
