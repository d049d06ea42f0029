package io.leakscan.engine;

import io.leakscan.analysis.FindingKind;
import io.leakscan.probe.RoundOutcome;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Wrong-input rounds (with {@code --echo-specific}): each endpoint also gets the requests a client gets wrong, the
 * {@link ErrorInput}s that apply to it, so its handler takes the early-return branches where a Go handler most often
 * skips a {@code Close}, a {@code cancel()} or an unregister. One item is one endpoint with one wrong input; the
 * items share rounds as {@link AbortScreening}'s endpoints do: every item sends its requests one after the other and
 * one window is watched after the last, so a clean service pays the gap and settle of a few rounds in all. A pool that
 * shows a leak is split ({@link PoolEnd#next}): the items whose own slots raised it alone and the rest pooled again,
 * or, when the readings cannot tell, in halves (a pool of two or three in single items); the items' own rounds then
 * say which endpoint leaks under which input, and the pooled rounds are set aside. Items are ordered endpoint by
 * endpoint, so a halving isolates the endpoint before its inputs.
 *
 * <p>An endpoint a leak was already found on is left out, as from the timed aborts: what its rejected requests leave
 * could not be told from what its own requests do. Streams are left out too (their requests never complete). The
 * report names both among the endpoints the check did not run on.
 */
final class ErrorScreening {

    /** Purpose prefix of the rounds a pool shared; set aside when the pool is split. */
    static final String POOLED = "screen error";
    /** Purpose prefix of one item's own rounds. */
    static final String ALONE = "error";
    /** A pool this small that showed a leak is split into single items rather than halves. */
    static final int SPLIT_ALONE = 3;

    /** One endpoint with one wrong input. */
    record Item(EndpointWork work, ErrorInput input) {
    }

    private final RoundContext context;
    private final EndpointProbe probe;
    /** The target's own headers carry credentials: every endpoint gets the missing-credentials input. */
    private final boolean targetAuth;

    ErrorScreening(RoundContext context, EndpointProbe probe, boolean targetAuth) {
        this.context = context;
        this.probe = probe;
        this.targetAuth = targetAuth;
    }

    /** The items of {@code works}: endpoint by endpoint, each non-streaming endpoint with no leak yet, every input. */
    static List<Item> items(List<EndpointWork> works, Set<EndpointRef> leaking, boolean targetAuth) {
        List<Item> out = new ArrayList<>();
        for (EndpointWork w : works) {
            if (!w.streaming && !leaking.contains(w.endpoint.route())) {
                ErrorInput.applicable(w.endpoint, targetAuth).forEach(i -> out.add(new Item(w, i)));
            }
        }
        return out;
    }

    /** Wrong-input rounds for every item of {@code works}; returns early when the session stops. */
    void screenAll(List<EndpointWork> works) {
        List<Item> pool = items(works, context.evidence().leaking(FindingKind.LEAKS),
                targetAuth);
        if (!pool.isEmpty()) {
            screen(pool);
        }
    }

    /** One pool (or one item alone); splits it while it shows a leak. */
    private void screen(List<Item> pool) {
        if (probe.stopped() != null || context.waits().cancelled()) {
            return;
        }
        boolean alone = pool.size() == 1;
        PoolEnd.Judged judged = run(pool, alone ? ALONE : POOLED);
        if (alone || judged.clean() || probe.stopped() != null || context.waits().cancelled()) {
            return;
        }
        setAside(pool);
        PoolEnd.next(pool, judged.named(), SPLIT_ALONE).forEach(this::screen);
    }

    /** The pooled rounds of exactly these items stay in the report but leave the analysis. */
    static void setAside(List<Item> pool) {
        for (Item item : pool) {
            item.work().rounds.replaceAll(r -> r.purpose().startsWith(POOLED) && r.input() == item.input()
                    ? r.setAside() : r);
        }
    }

    /**
     * The wrong-input rounds of {@code pool} under shared windows, recorded with {@code prefix}; clean when the
     * analysis of its endpoints shows no leak (and no window was held open past twice the gap), otherwise with the
     * items whose slots raised it when the readings tell.
     */
    PoolEnd.Judged run(List<Item> pool, String prefix) {
        ScanProfile profile = context.rounds().profile();
        List<EndpointWork> works = works(pool);
        context.enter().accept(ScanPhase.PROBING, works.getFirst().endpoint.route());
        Instant t0 = context.waits().now();
        context.windows().quiesce(profile.settle());
        context.sampler().setEndpoint(works.size() == 1 ? works.getFirst().endpoint.route() : null);
        var before = context.capture().snapshot("before-wrong-inputs").orElse(null);
        OptionalDouble reference = OptionalDouble.empty();
        boolean stopped = false;
        boolean heldOpen = false;
        List<SlotAttribution.Slot> slots = new ArrayList<>();
        for (int i = 0; i < context.rounds().wrongInputRounds() && !stopped; i++) {
            context.sampler().setPhase("wrong-input");
            List<RoundOutcome> outs = new ArrayList<>();
            for (Item item : pool) {
                context.sampler().setEndpoint(item.work().endpoint.route());
                RoundOutcome out = context.session().load(item.input().apply(EndpointProbe.probed(item.work())),
                        context.rounds().wrongInputs());
                if (outs.isEmpty() && i == 0) {
                    reference = SettlePolicy.level(
                            context.live().valuesBefore(Signal.GOROUTINES, out.round().startedAt()));
                }
                outs.add(out);
                slots.add(new SlotAttribution.Slot(outs.size() - 1, out.round().startedAt(), out.round().endedAt()));
                if (probe.stop(out)) {
                    stopped = true;
                    break;
                }
            }
            Instant roundEnd = outs.getLast().round().endedAt();
            var afterLoad = context.capture().snapshot("after-wrong-inputs-" + (i + 1)).orElse(null);
            context.sampler().setEndpoint(null);
            context.sampler().setPhase("settle");
            Instant settleEnd = context.windows().awaitWindow(roundEnd, reference, true, profile.roundGap(),
                    profile.settle());
            heldOpen |= GroupScreening.heldOpen(roundEnd, settleEnd, profile);
            for (int k = 0; k < outs.size(); k++) {
                Item item = pool.get(k);
                probe.record(item.work(), prefix + " " + item.input().id(), EndpointProbe.measures(outs.get(k)),
                        outs.get(k), settleEnd, item.input());
            }
            // Only endpoints with no leak so far get here: their profiles may move to these rounds' without hiding one.
            works.forEach(w -> {
                w.before = before;
                w.afterLoad = afterLoad;
            });
            reference = SettlePolicy.level(context.live().values(Signal.GOROUTINES, roundEnd, settleEnd));
            if (PoolEnd.endEarly(context, works, slots, pool.size(), heldOpen)) {
                break;
            }
        }
        return PoolEnd.judge(context, works, "after-wrong-inputs-settle", t0, heldOpen, slots, pool.size());
    }

    /** The endpoints of {@code pool}, each once, in pool order. */
    static List<EndpointWork> works(List<Item> pool) {
        return List.copyOf(new LinkedHashSet<>(pool.stream().map(Item::work).toList()));
    }
}
