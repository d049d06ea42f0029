package io.leakscan.probe;

import io.leakscan.target.Endpoint;

import java.time.Clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a {@link ScanProfile} against one endpoint in a session: load rounds with a gap after each, the abort round,
 * the key-cardinality pairs, then the settle window. The gaps and the settle send nothing; the telemetry sampler,
 * running on its own schedule, records them. A stop (cancel, deadline, budget, distress) ends the traffic; the settle
 * window is still watched unless the run was cancelled or ran out of time.
 */
public final class EndpointProbe {

    private final Clock clock;

    public EndpointProbe(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EndpointRun run(ProbeSession session, Endpoint endpoint, ScanProfile profile, ProbeListener listener) {
        return run(session, endpoint, profile, false, listener);
    }

    /**
     * As {@link #run(ProbeSession, Endpoint, ScanProfile, ProbeListener)}; with {@code streaming} (a response that
     * never ends on its own, e.g. server-sent events) only the abort round and the settle window run: load and key
     * rounds wait for complete responses and would only run every request into the request timeout.
     */
    public EndpointRun run(ProbeSession session, Endpoint endpoint, ScanProfile profile, boolean streaming,
                           ProbeListener listener) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(listener, "listener");
        List<RoundOutcome> loads = new ArrayList<>();
        List<KeyCardinalityOutcome> keys = new ArrayList<>();
        RoundOutcome abort = null;
        ProbeStopped stop = null;

        for (int i = 0; i < (streaming ? 0 : profile.loadRounds()) && stop == null; i++) {
            RoundOutcome outcome = session.load(endpoint, profile.loadPlan());
            loads.add(outcome);
            listener.roundFinished(outcome);
            stop = stopOf(outcome).or(() -> session.pause(profile.roundGap())).orElse(null);
        }
        if (stop == null && profile.abortRequests() > 0) {
            abort = session.abort(endpoint, profile.abortPlan());
            listener.roundFinished(abort);
            stop = stopOf(abort).or(() -> session.pause(profile.roundGap())).orElse(null);
        }
        if (!streaming && profile.keyRequests() > 0) {
            for (KeyPlacement placement : profile.keyPlacements()) {
                if (stop != null) {
                    break;
                }
                KeyPlan plan = profile.keyPlan(placement);
                RoundOutcome repeated = session.keyRound(endpoint, plan, false);
                listener.roundFinished(repeated);
                stop = stopOf(repeated).or(() -> session.pause(profile.roundGap())).orElse(null);
                RoundOutcome distinct = stop == null ? session.keyRound(endpoint, plan, true) : null;
                if (distinct != null) {
                    listener.roundFinished(distinct);
                    stop = stopOf(distinct).or(() -> session.pause(profile.roundGap())).orElse(null);
                    keys.add(new KeyCardinalityOutcome(placement, repeated, distinct));
                }
            }
        }

        Instant settleStarted = null;
        Instant settleEnded = null;
        if (stop == null || stop.reason() == StopReason.BUDGET_EXHAUSTED || stop.reason() == StopReason.TARGET_DISTRESS) {
            settleStarted = clock.instant();
            listener.settleStarted(endpoint.ref(), settleStarted, profile.settle());
            Optional<ProbeStopped> cut = session.pause(profile.settle());
            settleEnded = clock.instant();
            if (cut.isPresent()) {
                stop = cut.get();
            }
        }
        return new EndpointRun(endpoint.ref(), profile.name(), loads, abort, keys, settleStarted, settleEnded, stop);
    }

    private static Optional<ProbeStopped> stopOf(RoundOutcome outcome) {
        return outcome instanceof RoundOutcome.Stopped s ? Optional.of(s.stop()) : Optional.empty();
    }

}
