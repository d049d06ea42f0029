package io.leakscan.engine;

import io.leakscan.probe.AbortPlan;
import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.KeyPlan;
import io.leakscan.probe.LoadPlan;
import io.leakscan.probe.ScanProfile;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rounds a scan sends each endpoint, derived once from its profile: the pilot that tells a stream from an
 * ordinary endpoint, the warm-up, the load or abort rounds, the wrong-input rounds and the key-cardinality rounds.
 *
 * @param maxLoadRounds the most load rounds an endpoint probed alone gets: the profile's, or more when its heap is
 *                      judged on the GC's own figures and its rounds have not yet spanned {@link #GC_CYCLES} cycles
 * @param keys        null when the scan sends no key rounds
 * @param wrongInputs one wrong input's share of a wrong-input round ({@link ErrorScreening}); null when the scan
 *                    sends none (it is not Echo-specific)
 */
record RoundPlan(ScanProfile profile, AbortPlan pilot, LoadPlan warmUp, LoadPlan load, int maxLoadRounds,
                 AbortPlan aborts, AbortPlan streams, KeyRounds keys, LoadPlan wrongInputs) {

    /** A response not complete after this long marks the endpoint as streaming (or slow): it gets aborts. */
    static final Duration PILOT_LIMIT = Duration.ofSeconds(1);
    /** Echo-specific key-cardinality rounds when the profile itself sends none. */
    static final int ECHO_KEY_REQUESTS = 60;
    /**
     * Requests of one wrong input per round. A leak of one goroutine or descriptor per rejected request rises 50 above
     * the count in every round, far above the noise threshold (a few); and an endpoint with five inputs adds 250
     * requests, about a second at quick's rate, to each pooled round.
     */
    static final int WRONG_INPUT_REQUESTS = 50;

    /**
     * @param requests       per round of the profile's own placements
     * @param placements     the placements every endpoint gets (headers the profile names, X-Forwarded-For)
     * @param repeatedRounds control rounds with one repeated key, per placement
     * @param distinctRounds rounds with a distinct key per request, per placement
     * @param breadth        also the endpoint's own keys (each path and query parameter), the identity headers, and
     *                       once per scan distinct unknown paths
     */
    record KeyRounds(int requests, List<KeyPlacement> placements, int repeatedRounds, int distinctRounds,
                     boolean breadth) {

        KeyRounds {
            placements = List.copyOf(placements);
        }

        /**
         * The placements of one endpoint: the scan-wide ones, then (with breadth) the identity headers, each
         * parameter of its route and of its query, and the unknown paths when {@code withUnknownPath}.
         */
        List<KeyPlacement> placementsFor(ScanEndpoint endpoint, boolean withUnknownPath) {
            List<KeyPlacement> out = new ArrayList<>(placements);
            if (breadth) {
                out.add(new KeyPlacement.Identity());
                out.addAll(routeKeys(endpoint));
                if (withUnknownPath) {
                    out.add(new KeyPlacement.UnknownPath());
                }
            }
            return out;
        }

        KeyPlan plan(KeyPlacement placement, ScanProfile profile) {
            int n = placements.contains(placement) ? requests : Math.min(requests, BREADTH_KEY_REQUESTS);
            return new KeyPlan(n, profile.concurrency(), profile.requestsPerSecond(), placement);
        }
    }

    /**
     * Requests per round of the placements breadth adds: an unbounded map of even 1 KiB per key grows by 200 KiB
     * per round, far above the post-GC heap's noise, while a round costs a second at memory's rate instead of five.
     */
    static final int BREADTH_KEY_REQUESTS = 200;
    /** Query parameters given key rounds per endpoint, in the order the request names them: bounds the time cost. */
    static final int MAX_QUERY_KEYS = 3;

    /**
     * Each path parameter of the route ({@code :id}, or {@code {id}} as OpenAPI writes it) at its segment of the
     * request, and each query parameter the request carries. A route whose request does not line up segment by
     * segment (a wildcard spanning several) gets no path keys rather than a key in the wrong place.
     */
    static List<KeyPlacement> routeKeys(ScanEndpoint endpoint) {
        List<KeyPlacement> out = new ArrayList<>();
        String route = pathOnly(endpoint.route().path());
        String request = pathOnly(endpoint.request().path());
        String[] routeSegments = route.replaceFirst("^/", "").split("/", -1);
        String[] requestSegments = request.replaceFirst("^/", "").split("/", -1);
        if (routeSegments.length == requestSegments.length) {
            for (int i = 0; i < routeSegments.length; i++) {
                String seg = routeSegments[i];
                String name = seg.startsWith(":") ? seg.substring(1)
                        : seg.startsWith("{") && seg.endsWith("}") ? seg.substring(1, seg.length() - 1) : null;
                if (name != null && !name.isBlank()) {
                    out.add(new KeyPlacement.PathParam(name, i));
                }
            }
        }
        String path = endpoint.request().path();
        int q = path.indexOf('?');
        if (q >= 0) {
            Set<String> names = new LinkedHashSet<>();
            for (String pair : path.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq >= 0 ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
                if (!name.isBlank() && names.size() < MAX_QUERY_KEYS) {
                    names.add(name);
                }
            }
            names.forEach(n -> out.add(new KeyPlacement.QueryParam(n)));
        }
        return out;
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q >= 0 ? path.substring(0, q) : path;
    }

    /**
     * @param echoSpecific adds {@code X-Forwarded-For} key rounds (v4's {@code c.RealIP()} trusts it by default);
     *                     a profile with key rounds of its own, or this, also gets each endpoint's own keys
     * @param heapOffered  the target offers a post-GC heap reading: the key detector measures memory per key, so
     *                     without it key rounds would be load for nothing
     */
    static RoundPlan of(ScanProfile profile, boolean echoSpecific, boolean heapOffered) {
        return of(profile, echoSpecific, heapOffered, false);
    }

    /**
     * GC cycles the load rounds of an endpoint should span when its heap is judged on the GC's own figures (no
     * forced-GC read; expvar or Prometheus only). The judge needs three for a trend, but three named a retry queue
     * bounded at 32 entries growing (prom-heap-fixed with quick), and quick's three rounds often span only two (the
     * expvar apps were INCONCLUSIVE): six give the fit later cycles, where a bounded structure has levelled off.
     */
    static final int GC_CYCLES = 6;
    /** ... in at most this many times the profile's rounds: a target that rarely collects cannot hold the scan. */
    static final int GC_ROUND_FACTOR = 4;

    /**
     * @param gcFiguresOnly the heap is judged on the GC's own figures (a GC count is read, no forced-GC heap): an
     *                      endpoint probed alone gets load rounds until they span {@link #GC_CYCLES} GC cycles
     */
    static RoundPlan of(ScanProfile profile, boolean echoSpecific, boolean heapOffered, boolean gcFiguresOnly) {
        AbortPlan pilot = new AbortPlan(1, 1, profile.requestsPerSecond(), PILOT_LIMIT, Duration.ofSeconds(1));
        // Warms the handler up (lazy pools, first-use caches) before the reference level is read, so the first
        // round does not carry a one-off jump.
        int n = Math.max(1, profile.concurrency());
        LoadPlan warmUp = new LoadPlan(2 * n, n, profile.requestsPerSecond());
        LoadPlan wrongInputs = echoSpecific ? new LoadPlan(WRONG_INPUT_REQUESTS, n, profile.requestsPerSecond())
                : null;
        AbortPlan aborts = abortPlan(profile);
        int maxLoadRounds = profile.loadRounds() * (gcFiguresOnly && !heapOffered ? GC_ROUND_FACTOR : 1);
        return new RoundPlan(profile, pilot, warmUp, profile.loadPlan(), maxLoadRounds, aborts,
                streams(profile, aborts), keyRounds(profile, echoSpecific, heapOffered), wrongInputs);
    }

    /** Cut points of the timed aborts: before the handler can have started, then relative to the median latency. */
    static final Duration EARLY_CUT = Duration.ofMillis(1);
    /** Rounds of timed aborts: a permanent leak must grow in each, as in the load rounds, for the same test. */
    static final int MAX_TIMED_ABORT_ROUNDS = 3;

    /**
     * Where a timed abort round cuts the requests of an endpoint whose median latency is {@code medianMillis}:
     * 1 ms after sending (before the handler starts, or as it starts), in the middle (half the median) and just
     * before the answer (nine tenths). Real clients (mobile apps, load balancers, retries with deadlines) cancel
     * ordinary requests at any of these points; a handler that fans out and returns on {@code ctx.Done()} leaks only
     * when cut while its workers run. Cuts closer than a millisecond apart are one cut: a fast endpoint gets one or two.
     */
    static List<Duration> abortCuts(double medianMillis) {
        List<Duration> cuts = new ArrayList<>(List.of(EARLY_CUT));
        for (double share : new double[] {0.5, 0.9}) {
            long micros = Math.round(medianMillis * share * 1000);
            Duration cut = Duration.ofNanos(micros * 1000);
            if (cut.minus(cuts.getLast()).compareTo(EARLY_CUT) >= 0) {
                cuts.add(cut);
            }
        }
        return List.copyOf(cuts);
    }

    /**
     * The timed abort round's share of one cut point: the abort requests of a round divided among the cuts, at least
     * five each so a leak of one goroutine per request rises above the noise within a round.
     */
    AbortPlan timedAbort(Duration cut, int cuts) {
        int requests = Math.max(5, (aborts.requests() + cuts - 1) / cuts);
        return new AbortPlan(requests, aborts.concurrency(), aborts.requestsPerSecond(), cut, aborts.confirmTimeout());
    }

    /** Rounds of timed aborts per endpoint: as many as the load rounds, at most {@link #MAX_TIMED_ABORT_ROUNDS}. */
    int timedAbortRounds() {
        return Math.max(2, Math.min(MAX_TIMED_ABORT_ROUNDS, profile.loadRounds()));
    }

    /** Wrong-input rounds: as many as the timed aborts, for the same test of growth in every round. */
    int wrongInputRounds() {
        return timedAbortRounds();
    }

    /**
     * A streaming endpoint's abort round: the profile's {@code streamRequests} streams (its aborts' count when it has
     * none), at a concurrency raised in proportion so the round takes as many waves of {@code abortAfter} as an abort
     * round (quick: 50 streams 25 at a time, as its 20 aborts 10 at a time). A stream's abort rounds are its only
     * rounds, so they must carry what a load round gives the post-GC heap: a broker that keeps 4 KiB per disconnected
     * client rises 200 KiB a round with 50, far above the heap's noise, and did not show with quick's 20 aborts. The
     * session's concurrency still caps it.
     */
    static AbortPlan streams(ScanProfile profile, AbortPlan aborts) {
        int requests = profile.streamRequests() > 0 ? profile.streamRequests() : aborts.requests();
        int concurrency = (int) Math.ceil((double) requests * aborts.concurrency() / aborts.requests());
        return new AbortPlan(requests, concurrency, aborts.requestsPerSecond(), aborts.abortAfter(),
                aborts.confirmTimeout());
    }

    static AbortPlan abortPlan(ScanProfile profile) {
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
        return new KeyRounds(requests, placements, 1, distinct, true);
    }
}
