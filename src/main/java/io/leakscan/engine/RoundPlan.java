package io.leakscan.engine;

import io.leakscan.probe.AbortPlan;
import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.KeyPlan;
import io.leakscan.probe.LoadPlan;
import io.leakscan.probe.ScanProfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rounds a scan sends each endpoint, derived once from its profile: the pilot that tells a stream from an
 * ordinary endpoint, the warm-up, the load or abort rounds, and the key-cardinality rounds.
 *
 * @param keys null when the scan sends no key rounds
 */
record RoundPlan(ScanProfile profile, AbortPlan pilot, LoadPlan warmUp, LoadPlan load, AbortPlan aborts,
                 KeyRounds keys) {

    /** A response not complete after this long marks the endpoint as streaming (or slow): it gets aborts. */
    static final Duration PILOT_LIMIT = Duration.ofSeconds(1);
    /** Echo-specific key-cardinality rounds when the profile itself sends none. */
    static final int ECHO_KEY_REQUESTS = 60;

    /**
     * @param requests       per round
     * @param repeatedRounds control rounds with one repeated key, per placement
     * @param distinctRounds rounds with a distinct key per request, per placement
     */
    record KeyRounds(int requests, List<KeyPlacement> placements, int repeatedRounds, int distinctRounds) {

        KeyRounds {
            placements = List.copyOf(placements);
        }

        KeyPlan plan(KeyPlacement placement, ScanProfile profile) {
            return new KeyPlan(requests, profile.concurrency(), profile.requestsPerSecond(), placement);
        }
    }

    /**
     * @param echoSpecific adds {@code X-Forwarded-For} key rounds (v4's {@code c.RealIP()} trusts it by default)
     * @param heapOffered  the target offers a post-GC heap reading: the key detector measures memory per key, so
     *                     without it key rounds would be load for nothing
     */
    static RoundPlan of(ScanProfile profile, boolean echoSpecific, boolean heapOffered) {
        AbortPlan pilot = new AbortPlan(1, 1, profile.requestsPerSecond(), PILOT_LIMIT, Duration.ofSeconds(1));
        // Warms the handler up (lazy pools, first-use caches) before the reference level is read, so the first
        // round does not carry a one-off jump.
        int n = Math.max(1, profile.concurrency());
        LoadPlan warmUp = new LoadPlan(2 * n, n, profile.requestsPerSecond());
        return new RoundPlan(profile, pilot, warmUp, profile.loadPlan(), abortPlan(profile),
                keyRounds(profile, echoSpecific, heapOffered));
    }

    private static AbortPlan abortPlan(ScanProfile profile) {
        if (profile.abortRequests() > 0) {
            return profile.abortPlan();
        }
        return new AbortPlan(20, Math.min(10, Math.max(1, profile.concurrency())), profile.requestsPerSecond(),
                Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    private static KeyRounds keyRounds(ScanProfile profile, boolean echoSpecific, boolean heapOffered) {
        List<KeyPlacement> placements = new ArrayList<>(profile.keyPlacements());
        int requests = profile.keyRequests();
        if (echoSpecific) {
            if (!placements.contains(KeyPlacement.xForwardedFor())) {
                placements.add(KeyPlacement.xForwardedFor());
            }
            requests = requests > 0 ? requests : ECHO_KEY_REQUESTS;
        }
        if (requests == 0 || placements.isEmpty() || !heapOffered) {
            return null;
        }
        // A leak grows in every round: two distinct-key rounds at least, against one control round.
        int distinct = Math.max(2, Math.min(3, profile.loadRounds()));
        return new KeyRounds(requests, placements, 1, distinct);
    }
}
