package io.leakscan.engine;

import io.leakscan.analysis.FindingKind;
import io.leakscan.probe.RoundOutcome;
import io.leakscan.probe.ScanProfile;
import io.leakscan.telemetry.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Screens many endpoints in groups instead of one at a time. A screening round sends every member of a group the
 * requests its profile gives one endpoint, one member after the other, and watches one window after the last: each
 * member's signal is as large as when it is probed alone, and the gap and settle are paid once per round instead of
 * once per endpoint. When the analysis of the group's rounds shows no leak on any member, the members are done with
 * those rounds as their own; otherwise the screening rounds are set aside and every member of the group is probed
 * alone, so what is reported, and at which scope, comes from the same rounds as before. Most routes of a real service
 * are clean, so most groups end after their screening rounds.
 */
final class GroupScreening {

    /** Scans with fewer non-streaming endpoints probe them one at a time: a group would save little. */
    static final int MIN_ENDPOINTS = 6;
    /** A group this large costs one set of windows; a leak in it costs this many endpoints probed again. */
    static final int GROUP_SIZE = 6;

    private final RoundContext context;
    private final EndpointProbe probe;
    /** An interim analysis of everything probed so far, to the listener. */
    private final Runnable interim;

    GroupScreening(RoundContext context, EndpointProbe probe, Runnable interim) {
        this.context = context;
        this.probe = probe;
        this.interim = interim;
    }

    /** Whether a scan of this many endpoints is screened in groups. */
    static boolean applies(int endpoints) {
        return endpoints >= MIN_ENDPOINTS;
    }

    /**
     * Every endpoint of the plan: the pilots and warm-ups first (they tell streams from the rest), the streams alone
     * with client aborts, the others screened in groups, and the members of a group that showed something alone.
     * Returns early when the session stops or the scan is cancelled.
     */
    void probeAll(List<ScanEndpoint> endpoints) {
        List<EndpointWork> works = new ArrayList<>();
        for (ScanEndpoint ep : endpoints) {
            EndpointWork w = context.evidence().start(ep);
            context.enter().accept(ScanPhase.PROBING, ep.route());
            Instant t0 = context.waits().now();
            boolean ready = probe.prepare(w, false);
            w.elapsed = Duration.between(t0, context.waits().now());
            if (!ready || context.waits().cancelled()) {
                return;
            }
            works.add(w);
        }
        List<EndpointWork> rest = works.stream().filter(w -> !w.streaming).toList();
        List<List<EndpointWork>> groups = new ArrayList<>();
        works.stream().filter(w -> w.streaming).forEach(w -> groups.add(List.of(w)));
        if (rest.size() >= MIN_ENDPOINTS) {
            groups.addAll(groups(rest));
        } else {
            rest.forEach(w -> groups.add(List.of(w)));
        }
        int done = 0;
        for (List<EndpointWork> group : groups) {
            Screened screened = group.size() == 1 ? Screened.UNTOLD : screen(group);
            if (screened.clean()) {
                context.live().flush();
                done += group.size();
                context.listener().progress(0.1 + 0.7 * done / works.size(), done, works.size());
                interim.run();
                continue;
            }
            if (probe.stopped() != null || context.waits().cancelled()) {
                return;
            }
            List<EndpointWork> suspects = screened.suspects();
            boolean attributed = !suspects.isEmpty() && suspects.size() < group.size();
            done = alone(attributed ? suspects : group, works, done);
            if (done < 0) {
                return;
            }
            if (!attributed) {
                continue;
            }
            // The readings named the suspects: the others are screened again together, and each alone only if
            // that second screen shows something too (then no attribution: a leaker may hide among them).
            List<EndpointWork> others = group.stream().filter(w -> !suspects.contains(w)).toList();
            if (others.size() > 1 && screen(others).clean()) {
                context.live().flush();
                done += others.size();
                context.listener().progress(0.1 + 0.7 * done / works.size(), done, works.size());
                interim.run();
                continue;
            }
            if (probe.stopped() != null || context.waits().cancelled() || (done = alone(others, works, done)) < 0) {
                return;
            }
        }
    }

    /**
     * Probes each of {@code members} alone, with its own windows; returns how many endpoints are done, or -1 when the
     * session stopped or the scan was cancelled.
     */
    private int alone(List<EndpointWork> members, List<EndpointWork> works, int done) {
        for (EndpointWork w : members) {
            context.enter().accept(ScanPhase.PROBING, w.endpoint.route());
            Instant t0 = context.waits().now();
            context.windows().quiesce(context.rounds().profile().settle());
            probe.measure(w, works.indexOf(w));
            w.elapsed = w.elapsed.plus(Duration.between(t0, context.waits().now()));
            context.live().flush();
            if (probe.stopped() != null || context.waits().cancelled()) {
                return -1;
            }
            context.listener().progress(0.1 + 0.7 * ++done / works.size(), done, works.size());
            interim.run();
        }
        return done;
    }

    /**
     * How a group's screening ended: clean (its rounds are its members' own), or not (set aside), with the members
     * whose own slots raised the signals that showed it, when the readings could tell (empty otherwise).
     */
    record Screened(boolean clean, List<EndpointWork> suspects) {

        static final Screened CLEAN = new Screened(true, List.of());
        static final Screened UNTOLD = new Screened(false, List.of());
    }

    /** The non-streaming endpoints in groups of at most {@link #GROUP_SIZE}, as even as they divide. */
    static List<List<EndpointWork>> groups(List<EndpointWork> works) {
        List<List<EndpointWork>> out = new ArrayList<>();
        int n = works.size();
        int count = (n + GROUP_SIZE - 1) / GROUP_SIZE;
        for (int g = 0, from = 0; g < count; g++) {
            int to = from + (n - from) / (count - g) + ((n - from) % (count - g) == 0 ? 0 : 1);
            out.add(List.copyOf(works.subList(from, to)));
            from = to;
        }
        return out;
    }

    /**
     * The group's load rounds, pooled; clean when the analysis of them shows no leak on any member (they are then
     * recorded as probed). Otherwise (the session stopped, or a member showed something) its rounds are set aside,
     * and the members whose slots raised the signals behind what showed are named when the readings tell.
     */
    Screened screen(List<EndpointWork> group) {
        ScanProfile profile = context.rounds().profile();
        context.enter().accept(ScanPhase.PROBING, group.getFirst().endpoint.route());
        Instant t0 = context.waits().now();
        context.windows().quiesce(profile.settle());
        context.sampler().setEndpoint(null);
        var before = context.capture().snapshot("before-group").orElse(null);
        setAll(group, w -> w.before = before);
        OptionalDouble reference = OptionalDouble.empty();
        boolean stopped = false;
        boolean heldOpen = false;
        List<SlotAttribution.Slot> slots = new ArrayList<>();
        boolean wakes = ownWakes(profile);
        for (int i = 0; i < profile.loadRounds() && !stopped; i++) {
            context.sampler().setPhase("load");
            List<RoundOutcome> outs = new ArrayList<>();
            List<Instant> wakeEnds = new ArrayList<>();
            for (EndpointWork w : group) {
                context.sampler().setEndpoint(w.endpoint.route());
                RoundOutcome out = context.session().load(EndpointProbe.probed(w).request(), context.rounds().load());
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
                if (wakes && outs.size() < group.size()) {
                    context.sampler().setPhase("settle");
                    wakeEnds.add(context.windows().awaitWake(out.round().endedAt(), SettlePolicy.level(
                            context.live().valuesBefore(Signal.GOROUTINES, out.round().startedAt())), WAKE_MAX));
                    context.sampler().setPhase("load");
                }
            }
            Instant roundEnd = outs.getLast().round().endedAt();
            var afterLoad = context.capture().snapshot("after-group-load-" + (i + 1)).orElse(null);
            setAll(group, w -> w.afterLoad = afterLoad);
            context.sampler().setEndpoint(null);
            context.sampler().setPhase("settle");
            SettleWindows.Window window = context.windows().watch(roundEnd, reference, true, profile.roundGap(),
                    profile.settle());
            Instant settleEnd = window.end();
            // Held open by the goroutines, not by the heap readings the window also waits for: memory and deep
            // read those once a second, so a window at rest lasts 1 to 2 s plus a reading's latency, and on the
            // shop service with 18,000 goroutines parked the readings came late enough to pass 2 s in most rounds.
            // Every group after the goroutine leaker was then set aside with deep, and one group of the clean twin.
            heldOpen |= heldOpen(roundEnd, window.atRest(), profile);
            for (int k = 0; k < outs.size(); k++) {
                probe.record(group.get(k), "screen", EndpointProbe.measures(outs.get(k)), outs.get(k), settleEnd, null,
                        k < wakeEnds.size() ? wakeEnds.get(k) : settleEnd);
            }
            reference = SettlePolicy.level(context.live().values(Signal.GOROUTINES, roundEnd, settleEnd));
            if (PoolEnd.endEarly(context, group, slots, group.size(), heldOpen)) {
                // The group will be set aside whatever the next rounds show, so they would only be waited out (a
                // held window costs the whole settle) once the slots so far name the suspects on every signal
                // behind what the rounds show. When they name no one or everyone (a reading late under load spreads
                // a rise over every slot it spans; the post-GC heap, read every 400 ms, rarely tells from one
                // round), the next rounds are the evidence: the attribution takes each member's median over them.
                break;
            }
        }
        if (!context.waits().cancelled()) {
            var afterSettle = context.capture().snapshot("after-group-settle").orElse(null);
            var leakAfterSettle = context.capture().leakProfile("after-group-settle", null);
            setAll(group, w -> {
                w.afterSettle = afterSettle;
                w.leakAfterSettle = leakAfterSettle;
            });
        }
        Duration share = Duration.between(t0, context.waits().now()).dividedBy(group.size());
        setAll(group, w -> w.elapsed = w.elapsed.plus(share));
        if (stopped || probe.stopped() != null || context.waits().cancelled()) {
            return Screened.UNTOLD;
        }
        if (heldOpen || context.evidence().showsLeak(group, FindingKind.LEAKS)) {
            List<EndpointWork> suspects = PoolEnd.attribution(context, group, slots, group.size(), heldOpen)
                    .map(named -> named.stream().map(group::get).toList())
                    .orElse(List.of());
            setAll(group, w -> {
                setAside(w, "screen");
                w.before = null;
                w.afterLoad = null;
                w.afterSettle = null;
                w.leakAfterSettle = null;
            });
            return new Screened(false, suspects);
        }
        group.forEach(context.evidence()::probed);
        return Screened.CLEAN;
    }

    /** An attribution that names some members, not all: only then is it worth acting on instead of more rounds. */
    static boolean narrows(Optional<Set<Integer>> named, int members) {
        return named.filter(n -> !n.isEmpty() && n.size() < members).isPresent();
    }

    /**
     * A clean window lasts the gap or the readings it waits for, whichever is longer: the heap's two post-GC readings
     * and the goroutines' three, about a second with quick's half-second gap.
     */
    static final Duration CLEAN_WINDOW = Duration.ofSeconds(1);

    /**
     * The target came back to rest later than twice what a clean group's window takes (the gap, at least
     * {@link #CLEAN_WINDOW}) after the round: goroutines lingering, or still falling. The group is then probed member
     * by member even when the analysis of the pooled rounds names no one: a lingering leak's lifetime is measured from
     * its own round's end, which a pooled round blurs. {@code atRest} is when the window found the goroutine count
     * back ({@link SettleWindows.Window#atRest}); the pools of aborts and wrong inputs still pass the window's end.
     */
    static boolean heldOpen(Instant roundEnd, Instant atRest, ScanProfile profile) {
        Duration clean = profile.roundGap().compareTo(CLEAN_WINDOW) > 0 ? profile.roundGap() : CLEAN_WINDOW;
        return Duration.between(roundEnd, atRest).compareTo(clean.multipliedBy(2)) > 0;
    }

    /**
     * The longest a member's own wake is watched before the next member's requests: the analyzer counts goroutines
     * back within a second of the load as clean, and the half second past that holds readings that show they are not.
     */
    static final Duration WAKE_MAX = Duration.ofMillis(1_500);

    /**
     * Whether each member but the last gets its own wake before the next member's requests. Without one, a member's
     * decay is read through the later members' slots, and their requests in flight read as its goroutines lingering:
     * with memory's 2 s slots a group's first member on the lab's shop service lingered "6.1 s" in every round, and
     * memory probed 25 of its 31 clean routes alone, deep all 31 (none and 5 with the wakes). A member whose goroutines
     * do linger is still up when its wake ends, so the analysis of the group still shows it. Only where a slot
     * outlasts a clean window: with quick's 0.6 s slots the wakes (about 0.4 s each, two readings) would cost as much
     * as the slots, and its screens held.
     */
    static boolean ownWakes(ScanProfile profile) {
        return profile.requestsPerRound() / profile.requestsPerSecond() > CLEAN_WINDOW.toMillis() / 1000.0;
    }

    /** The rounds whose purpose starts with {@code prefix} stay in the report but leave the analysis. */
    static void setAside(EndpointWork w, String prefix) {
        w.rounds.replaceAll(r -> r.purpose().startsWith(prefix)
                ? r.setAside() : r);
    }

    private static void setAll(List<EndpointWork> group, Consumer<EndpointWork> action) {
        group.forEach(action);
    }
}
