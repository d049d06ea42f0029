package io.leakscan.engine;

import io.leakscan.analysis.FindingKind;
import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.ProbeSession;
import io.leakscan.probe.RoundOutcome;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.TelemetrySampler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The key-cardinality rounds of a screened scan: the endpoints with no leak so far pooled under one window per round,
 * the others, and every member of a pool that showed growth, alone. A key that a middleware keeps grows under every
 * member of the pool, so the pool shows it as large as one endpoint alone would.
 */
final class KeyScreening {

    private final RoundPlan rounds;
    private final ProbeSession session;
    private final TelemetrySampler sampler;
    private final SettleWindows windows;
    private final ScanEvidence evidence;
    private final EndpointProbe probe;
    private final Waits waits;
    private final BiConsumer<ScanPhase, EndpointRef> enter;

    KeyScreening(RoundPlan rounds, ProbeSession session, TelemetrySampler sampler, SettleWindows windows,
                 ScanEvidence evidence, EndpointProbe probe, Waits waits, BiConsumer<ScanPhase, EndpointRef> enter) {
        this.rounds = rounds;
        this.session = session;
        this.sampler = sampler;
        this.windows = windows;
        this.evidence = evidence;
        this.probe = probe;
        this.waits = waits;
        this.enter = enter;
    }

    /**
     * The key rounds of the non-streaming endpoints: pooled in one group, except for the endpoints a leak was already
     * found on, which get theirs alone (what they retain in every round would show under every member of a pool);
     * alone as well when the pool showed growth.
     */
    void probeAllKeys(List<EndpointWork> works) {
        Set<EndpointRef> leaking = evidence.leaking(GroupScreening.LEAK_KINDS);
        List<EndpointWork> pooled = new ArrayList<>();
        List<EndpointWork> alone = new ArrayList<>();
        for (EndpointWork w : works) {
            if (!w.streaming) {
                (leaking.contains(w.endpoint.route()) ? alone : pooled).add(w);
            }
        }
        if (pooled.size() < GroupScreening.MIN_ENDPOINTS) {
            alone.addAll(pooled);
        } else if (!screenKeys(pooled)) {
            alone.addAll(pooled);
        }
        for (EndpointWork w : works) {
            if (!alone.contains(w)) {
                continue;
            }
            if (probe.stopped() != null || waits.cancelled()) {
                return;
            }
            enter.accept(ScanPhase.KEY_CARDINALITY, w.endpoint.route());
            Instant t0 = waits.now();
            probe.probeKeys(w);
            w.elapsed = w.elapsed.plus(Duration.between(t0, waits.now()));
        }
    }

    /**
     * The group's key-cardinality rounds, pooled: per placement, all control rounds first. True when no member shows
     * key-cardinality growth; otherwise the pooled rounds are set aside and each member gets its own.
     */
    boolean screenKeys(List<EndpointWork> group) {
        ScanProfile profile = rounds.profile();
        RoundPlan.KeyRounds keys = rounds.keys();
        enter.accept(ScanPhase.KEY_CARDINALITY, group.getFirst().endpoint.route());
        Instant t0 = waits.now();
        outer:
        for (KeyPlacement placement : keys.placements()) {
            for (int i = 0; i < keys.repeatedRounds() + keys.distinctRounds(); i++) {
                boolean distinct = i >= keys.repeatedRounds();
                sampler.setPhase(distinct ? "key-distinct" : "key-repeated");
                List<RoundOutcome> outs = new ArrayList<>();
                boolean stopped = false;
                for (EndpointWork w : group) {
                    sampler.setEndpoint(w.endpoint.route());
                    RoundOutcome out = session.keyRound(EndpointProbe.probed(w).request(),
                            keys.plan(placement, profile), distinct);
                    outs.add(out);
                    if (probe.stop(out)) {
                        stopped = true;
                        break;
                    }
                }
                sampler.setEndpoint(null);
                Instant settleEnd = windows.awaitWindow(outs.getLast().round().endedAt(), OptionalDouble.empty(),
                        false, profile.roundGap(), profile.settle());
                for (int k = 0; k < outs.size(); k++) {
                    probe.record(group.get(k), "screen " + (distinct ? "key-distinct " : "key-repeated ")
                            + ScanEvidence.describe(placement), EndpointProbe.measures(outs.get(k)), outs.get(k),
                            settleEnd);
                }
                if (stopped) {
                    break outer;
                }
            }
        }
        Duration share = Duration.between(t0, waits.now()).dividedBy(group.size());
        group.forEach(w -> w.elapsed = w.elapsed.plus(share));
        group.forEach(evidence::updated);
        if (probe.stopped() != null || waits.cancelled()) {
            return true;
        }
        if (evidence.showsLeak(group, Set.of(FindingKind.KEY_CARDINALITY_GROWTH))) {
            group.forEach(w -> {
                GroupScreening.setAside(w, "screen key-");
                evidence.updated(w);
            });
            return false;
        }
        return true;
    }
}
