package io.leakscan.engine;

import io.leakscan.analysis.FindingKind;
import io.leakscan.probe.RoundOutcome;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Client aborts timed by each endpoint's own latency, on every endpoint that answers (the streams get theirs from
 * their own rounds). A round cuts each endpoint's requests at the points {@link RoundPlan#abortCuts} derives from its
 * median latency. The endpoints share the rounds: every member sends its aborts one after the other and one window is
 * watched after the last, so a clean service pays the gap and settle of a few rounds, not of a few rounds per
 * endpoint. A pool that shows a leak is split ({@link PoolEnd#next}): the members its slots name alone and the rest
 * pooled again, or halves when the readings cannot tell (a pool of two or three in single endpoints); their own
 * rounds then say which one leaks and how: the pooled rounds are set aside, as {@link GroupScreening} does.
 *
 * <p>An endpoint the load rounds already found leaking is left out: what its aborted requests leave behind cannot
 * be told from what its completed ones do, and in a pool it would look like every member leaked. The report names
 * it among the endpoints the check did not run on.
 */
final class AbortScreening {

    /** Purpose prefix of the rounds a pool shared; set aside when the pool is split. */
    static final String POOLED = "screen abort";
    /** Purpose prefix of an endpoint's own timed abort rounds. */
    static final String ALONE = "abort at";
    /** A pool this small that showed a leak is split into single endpoints rather than halves. */
    static final int SPLIT_ALONE = 3;

    private final RoundContext context;
    private final EndpointProbe probe;

    AbortScreening(RoundContext context, EndpointProbe probe) {
        this.context = context;
        this.probe = probe;
    }

    /** The endpoints that get timed aborts: answered within the pilot's limit, some request completed, no leak yet. */
    static List<EndpointWork> candidates(List<EndpointWork> works, Set<EndpointRef> leaking) {
        return works.stream().filter(w -> !w.streaming && !leaking.contains(w.endpoint.route())
                && !Double.isNaN(w.medianLatencyMillis())).toList();
    }

    /** Timed aborts for every candidate of {@code works}; returns early when the session stops. */
    void abortAll(List<EndpointWork> works) {
        List<EndpointWork> pool = candidates(works, context.evidence().leaking(FindingKind.LEAKS));
        if (!pool.isEmpty()) {
            screen(pool);
        }
    }

    /** One pool (or one endpoint alone); splits it while it shows a leak. */
    private void screen(List<EndpointWork> pool) {
        if (probe.stopped() != null || context.waits().cancelled()) {
            return;
        }
        boolean alone = pool.size() == 1;
        PoolEnd.Judged judged = run(pool, alone ? ALONE : POOLED);
        if (alone || judged.clean() || probe.stopped() != null || context.waits().cancelled()) {
            return;
        }
        pool.forEach(w -> {
            GroupScreening.setAside(w, POOLED);
            context.evidence().updated(w);
        });
        PoolEnd.next(pool, judged.named(), SPLIT_ALONE).forEach(this::screen);
    }

    /**
     * The timed abort rounds of {@code group} under shared windows, recorded with {@code prefix}; clean when the
     * analysis of the group shows no leak (and no window was held open past twice the gap), otherwise with the
     * members whose slots (all of a member's cuts in a round) raised it when the readings tell.
     */
    PoolEnd.Judged run(List<EndpointWork> group, String prefix) {
        ScanProfile profile = context.rounds().profile();
        context.enter().accept(ScanPhase.PROBING, group.getFirst().endpoint.route());
        Instant t0 = context.waits().now();
        context.windows().quiesce(profile.settle());
        context.sampler().setEndpoint(group.size() == 1 ? group.getFirst().endpoint.route() : null);
        var before = context.capture().snapshot("before-aborts").orElse(null);
        OptionalDouble reference = OptionalDouble.empty();
        boolean stopped = false;
        boolean heldOpen = false;
        List<SlotAttribution.Slot> slots = new ArrayList<>();
        for (int i = 0; i < context.rounds().timedAbortRounds() && !stopped; i++) {
            context.sampler().setPhase("abort");
            List<EndpointWork> who = new ArrayList<>();
            List<Duration> at = new ArrayList<>();
            List<RoundOutcome> outs = new ArrayList<>();
            members:
            for (EndpointWork w : group) {
                context.sampler().setEndpoint(w.endpoint.route());
                List<Duration> cuts = RoundPlan.abortCuts(w.medianLatencyMillis());
                int first = outs.size();
                for (Duration cut : cuts) {
                    RoundOutcome out = context.session().abort(EndpointProbe.probed(w).request(),
                            context.rounds().timedAbort(cut, cuts.size()));
                    if (outs.isEmpty() && i == 0) {
                        reference = SettlePolicy.level(
                                context.live().valuesBefore(Signal.GOROUTINES, out.round().startedAt()));
                    }
                    who.add(w);
                    at.add(cut);
                    outs.add(out);
                    if (probe.stop(out)) {
                        stopped = true;
                        slots.add(slot(group.indexOf(w), outs.subList(first, outs.size())));
                        break members;
                    }
                }
                // One slot for all of a member's cuts: a leak at one cut point only would be lost in a median
                slots.add(slot(group.indexOf(w), outs.subList(first, outs.size())));
            }
            Instant roundEnd = outs.getLast().round().endedAt();
            var afterLoad = context.capture().snapshot("after-aborts-" + (i + 1)).orElse(null);
            context.sampler().setEndpoint(null);
            context.sampler().setPhase("settle");
            Instant settleEnd = context.windows().awaitWindow(roundEnd, reference, true, profile.roundGap(),
                    profile.settle());
            heldOpen |= GroupScreening.heldOpen(roundEnd, settleEnd, profile);
            for (int k = 0; k < outs.size(); k++) {
                probe.record(who.get(k), prefix + " " + millis(at.get(k)), EndpointProbe.measures(outs.get(k)),
                        outs.get(k), settleEnd);
            }
            // Only endpoints with no leak so far get here: their profiles may move to the aborts' without hiding one.
            group.forEach(w -> {
                w.before = before;
                w.afterLoad = afterLoad;
            });
            reference = SettlePolicy.level(context.live().values(Signal.GOROUTINES, roundEnd, settleEnd));
            if (PoolEnd.endEarly(context, group, slots, group.size(), heldOpen)) {
                break;
            }
        }
        return PoolEnd.judge(context, group, "after-aborts-settle", t0, heldOpen, slots, group.size());
    }

    private static SlotAttribution.Slot slot(int member, List<RoundOutcome> outs) {
        return new SlotAttribution.Slot(member, outs.getFirst().round().startedAt(), outs.getLast().round().endedAt());
    }

    /** {@code 150 ms}, {@code 0.5 ms}: the cut as a report shows it. */
    static String millis(Duration cut) {
        long micros = cut.toNanos() / 1000;
        return micros % 1000 == 0 ? micros / 1000 + " ms" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
