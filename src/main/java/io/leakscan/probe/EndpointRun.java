package io.leakscan.probe;

import io.leakscan.target.EndpointRef;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one profile did to one endpoint, with the instants analysis needs to line telemetry samples up with the
 * traffic: each round's {@code startedAt}/{@code endedAt}, and the settle window.
 *
 * @param abort        the abort round, or null when the profile sends none (or the run stopped before it)
 * @param settleStartedAt null when the run stopped before the settle window
 * @param stopped      why the run ended early, or null when it ran to the end
 */
public record EndpointRun(
        EndpointRef endpoint,
        String profile,
        List<RoundOutcome> loadRounds,
        RoundOutcome abort,
        List<KeyCardinalityOutcome> keyRounds,
        Instant settleStartedAt,
        Instant settleEndedAt,
        ProbeStopped stopped) {

    public EndpointRun {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(profile, "profile");
        loadRounds = List.copyOf(loadRounds);
        keyRounds = List.copyOf(keyRounds);
    }

    public Optional<ProbeStopped> stop() {
        return Optional.ofNullable(stopped);
    }

    /** Requests this run sent, in every round. */
    public long requestsSent() {
        long n = loadRounds.stream().mapToLong(o -> o.round().sent()).sum();
        n += abort == null ? 0 : abort.round().sent();
        n += keyRounds.stream().mapToLong(k -> k.repeated().round().sent() + k.distinct().round().sent()).sum();
        return n;
    }
}
