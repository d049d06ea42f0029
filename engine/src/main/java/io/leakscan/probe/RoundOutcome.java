package io.leakscan.probe;

import java.util.Objects;

/** What one round did: it ran to the end, or the engine stopped it (what was measured so far is still reported). */
public sealed interface RoundOutcome {

    RoundTraffic round();

    record Completed(RoundTraffic round) implements RoundOutcome {
        public Completed {
            Objects.requireNonNull(round, "round");
        }
    }

    record Stopped(RoundTraffic round, ProbeStopped stop) implements RoundOutcome {
        public Stopped {
            Objects.requireNonNull(round, "round");
            Objects.requireNonNull(stop, "stop");
        }
    }
}
