package io.leakscan.engine;

import io.leakscan.analysis.FindingKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The end of a pool's follow-up rounds (timed aborts, wrong inputs): the profiles after its last window go to every
 * member (the leak profile names the endpoint only when the pool is one), the time is shared among them, and the pool
 * is judged.
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
}
