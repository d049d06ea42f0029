package io.leakscan.engine;

import io.leakscan.analysis.FindingKind;
import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.RoundOutcome;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.EndpointRef;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The key-cardinality rounds of a screened scan: the endpoints with no leak so far pooled under one window per round,
 * the others, and every member of a pool that showed growth, alone. A key that a middleware keeps grows under every
 * member of the pool, so the pool shows it as large as one endpoint alone would.
 */
final class KeyScreening {

    private final RoundContext context;
    private final EndpointProbe probe;

    KeyScreening(RoundContext context, EndpointProbe probe) {
        this.context = context;
        this.probe = probe;
    }

    /** Fewer endpoints than this get their key rounds alone: a pool of one saves nothing. */
    static final int MIN_POOL = 2;

    /**
     * The key rounds of the non-streaming endpoints, each with its own placements (the scan-wide ones, the identity
     * headers, its route's and query's parameters; the first of them the unknown paths as well, once per scan):
     * pooled, except for the endpoints a leak was already found on, which get theirs alone (what they retain in every
     * round would show under every member of a pool). A placement whose pooled rounds showed growth is run again
     * alone on each member that sent it, so the finding names the endpoint and the key.
     */
    void probeAllKeys(List<EndpointWork> works) {
        Set<EndpointRef> leaking = context.evidence().leaking(FindingKind.LEAKS);
        List<EndpointWork> pooled = new ArrayList<>();
        List<EndpointWork> alone = new ArrayList<>();
        for (EndpointWork w : works) {
            if (!w.streaming) {
                (leaking.contains(w.endpoint.route()) ? alone : pooled).add(w);
            }
        }
        EndpointWork unknownOn = !pooled.isEmpty() ? pooled.getFirst() : alone.isEmpty() ? null : alone.getFirst();
        Map<EndpointWork, List<KeyPlacement>> again = new LinkedHashMap<>();
        if (pooled.size() < MIN_POOL) {
            alone.addAll(pooled);
        } else {
            again = screenKeys(pooled, unknownOn);
        }
        for (EndpointWork w : works) {
            List<KeyPlacement> placements = alone.contains(w)
                    ? context.rounds().keys().placementsFor(w.endpoint, w == unknownOn) : again.get(w);
            if (placements == null || placements.isEmpty()) {
                continue;
            }
            if (probe.stopped() != null || context.waits().cancelled()) {
                return;
            }
            context.enter().accept(ScanPhase.KEY_CARDINALITY, w.endpoint.route());
            Instant t0 = context.waits().now();
            probe.probeKeys(w, placements);
            w.elapsed = w.elapsed.plus(Duration.between(t0, context.waits().now()));
        }
    }

    /**
     * The group's key-cardinality rounds, pooled slot by slot: in slot {@code s} every member sends its own
     * {@code s}-th placement (the scan-wide placements come first, so they line up), all control rounds first, one
     * window per round. Returns, per member, the placements whose pooled rounds showed key-cardinality growth: those
     * rounds are set aside and each member runs them again alone.
     */
    Map<EndpointWork, List<KeyPlacement>> screenKeys(List<EndpointWork> group, EndpointWork unknownOn) {
        ScanProfile profile = context.rounds().profile();
        RoundPlan.KeyRounds keys = context.rounds().keys();
        context.enter().accept(ScanPhase.KEY_CARDINALITY, group.getFirst().endpoint.route());
        Instant t0 = context.waits().now();
        Map<EndpointWork, List<KeyPlacement>> plans = new LinkedHashMap<>();
        group.forEach(w -> plans.put(w, keys.placementsFor(w.endpoint, w == unknownOn)));
        int slots = plans.values().stream().mapToInt(List::size).max().orElse(0);
        Map<EndpointWork, List<KeyPlacement>> again = new LinkedHashMap<>();
        boolean stopped = false;
        for (int slot = 0; slot < slots && !stopped; slot++) {
            int s = slot;
            List<EndpointWork> members = group.stream().filter(w -> plans.get(w).size() > s).toList();
            for (int i = 0; i < keys.repeatedRounds() + keys.distinctRounds() && !stopped; i++) {
                boolean distinct = i >= keys.repeatedRounds();
                context.sampler().setPhase(distinct ? "key-distinct" : "key-repeated");
                List<RoundOutcome> outs = new ArrayList<>();
                for (EndpointWork w : members) {
                    context.sampler().setEndpoint(w.endpoint.route());
                    RoundOutcome out = context.session().keyRound(EndpointProbe.probed(w).request(),
                            keys.plan(plans.get(w).get(s), profile), distinct);
                    outs.add(out);
                    if (probe.stop(out)) {
                        stopped = true;
                        break;
                    }
                }
                context.sampler().setEndpoint(null);
                Instant settleEnd = context.windows().awaitWindow(outs.getLast().round().endedAt(),
                        OptionalDouble.empty(), false, profile.roundGap(), profile.settle());
                for (int k = 0; k < outs.size(); k++) {
                    probe.record(members.get(k), purpose(distinct, plans.get(members.get(k)).get(s)),
                            EndpointProbe.measures(outs.get(k)), outs.get(k), settleEnd);
                }
            }
            if (!stopped && !context.waits().cancelled()
                    && context.evidence().showsLeak(members, Set.of(FindingKind.KEY_CARDINALITY_GROWTH))) {
                for (EndpointWork w : members) {
                    String key = ScanEvidence.describe(plans.get(w).get(s));
                    w.rounds.replaceAll(r -> r.purpose().startsWith(POOLED) && r.purpose().endsWith(" " + key)
                            ? r.setAside() : r);
                    again.computeIfAbsent(w, x -> new ArrayList<>()).add(plans.get(w).get(s));
                }
            }
        }
        Duration share = Duration.between(t0, context.waits().now()).dividedBy(group.size());
        group.forEach(w -> w.elapsed = w.elapsed.plus(share));
        group.forEach(context.evidence()::updated);
        return again;
    }

    /** Purpose prefix of a pooled key round. */
    static final String POOLED = "screen key-";

    static String purpose(boolean distinct, KeyPlacement placement) {
        return POOLED + (distinct ? "distinct " : "repeated ") + ScanEvidence.describe(placement);
    }
}
