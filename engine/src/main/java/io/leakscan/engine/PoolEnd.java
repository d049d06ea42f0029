package io.leakscan.engine;

import io.leakscan.analysis.FindingKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The end of a pool's follow-up rounds (timed aborts, wrong inputs): the profiles after its last window go to every
 * member (the leak profile names the endpoint only when the pool is one), the time is shared among them, and the pool
 * is judged; a pool that showed a leak is split the way its slots say ({@link #next}).
 */
final class PoolEnd {

    private PoolEnd() {
    }

    /**
     * @param label   the snapshot's name, e.g. {@code after-aborts-settle}
     * @param started when the pool's first round began
     * @return true when no window was held open and the analysis of the members shows no leak
     */
    static boolean settle(RoundContext context, List<EndpointWork> pool, String label, Instant started,
                          boolean heldOpen) {
        if (!context.waits().cancelled()) {
            var afterSettle = context.capture().snapshot(label).orElse(null);
            var leakAfterSettle = context.capture().leakProfile(label, pool.size() == 1
                    ? EndpointProbe.probed(pool.getFirst()) : null);
            pool.forEach(w -> {
                w.afterSettle = afterSettle;
                w.leakAfterSettle = leakAfterSettle;
            });
        }
        context.live().flush();
        Duration share = Duration.between(started, context.waits().now()).dividedBy(pool.size());
        pool.forEach(w -> {
            w.elapsed = w.elapsed.plus(share);
            context.evidence().updated(w);
        });
        return !heldOpen && !context.evidence().showsLeak(pool, FindingKind.LEAKS);
    }

    /** A pool's judgement: clean, or not, with what the slots of its rounds name (empty when they cannot tell). */
    record Judged(boolean clean, Optional<Set<Integer>> named) {
    }

    /**
     * Ends the pool ({@link #settle}) and, when it is not clean, reads its {@code slots} ({@code members} items,
     * each slot naming its item's index) for the items that raised the signals behind what it shows, as
     * {@link GroupScreening} does for load rounds.
     */
    static Judged judge(RoundContext context, List<EndpointWork> pool, String label, Instant started,
                        boolean heldOpen, List<SlotAttribution.Slot> slots, int members) {
        if (settle(context, pool, label, started, heldOpen)) {
            return new Judged(true, Optional.empty());
        }
        return new Judged(false, attribution(context, pool, slots, members, heldOpen));
    }

    /**
     * The items whose slots raised every signal behind the leaks the analysis of {@code works}' rounds so far shows
     * (and the goroutines, for a window {@code heldOpen}); empty when the readings cannot tell.
     */
    static Optional<Set<Integer>> attribution(RoundContext context, List<EndpointWork> works,
                                              List<SlotAttribution.Slot> slots, int members, boolean heldOpen) {
        Set<FindingKind> shown = context.evidence().kindsShown(works, FindingKind.LEAKS);
        return SlotAttribution.suspects(slots, context.live().all(), SlotAttribution.signalsBehind(shown, heldOpen),
                members);
    }

    /**
     * Whether a pool's rounds may end after this one: a window held open sets the pool aside whatever the next
     * rounds show (a held window costs the whole settle), so they are only worth waiting out while the slots so far
     * do not yet name some items but not all. With fewer rounds the attribution reads each item's one slot; when it
     * cannot tell, the next rounds give it a median.
     */
    static boolean endEarly(RoundContext context, List<EndpointWork> works, List<SlotAttribution.Slot> slots,
                            int members, boolean heldOpen) {
        return heldOpen && GroupScreening.narrows(attribution(context, works, slots, members, true), members);
    }

    /**
     * What a pool that showed a leak is probed as next. When its slots named some items but not all, each of those
     * alone and the rest pooled again (most items of a real service are clean: one more pooled round set instead of
     * a halving per level); otherwise halves, or single items when the pool has at most {@code splitAlone}. Every
     * part is smaller than the pool, so the splitting ends.
     */
    static <T> List<List<T>> next(List<T> pool, Optional<Set<Integer>> named, int splitAlone) {
        if (GroupScreening.narrows(named, pool.size())) {
            List<List<T>> out = new ArrayList<>();
            List<T> rest = new ArrayList<>();
            for (int i = 0; i < pool.size(); i++) {
                if (named.get().contains(i)) {
                    out.add(List.of(pool.get(i)));
                } else {
                    rest.add(pool.get(i));
                }
            }
            out.add(List.copyOf(rest));
            return out;
        }
        if (pool.size() <= splitAlone) {
            return pool.stream().map(List::of).toList();
        }
        int half = pool.size() / 2;
        return List.of(List.copyOf(pool.subList(0, half)), List.copyOf(pool.subList(half, pool.size())));
    }
}
