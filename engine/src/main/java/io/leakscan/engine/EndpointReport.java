package io.leakscan.engine;

import io.leakscan.target.EndpointRef;

import java.time.Duration;
import java.util.List;

/**
 * What the engine did to one endpoint.
 *
 * @param route     the route as named
 * @param streaming its response did not complete within the pilot's limit, so it was probed with client aborts
 * @param rounds    every round, in order
 * @param elapsed   wall-clock time spent on it (all phases)
 */
public record EndpointReport(EndpointRef route, boolean streaming, List<RoundReport> rounds, Duration elapsed) {

    public EndpointReport {
        rounds = List.copyOf(rounds);
    }

    public long requestsSent() {
        return rounds.stream().mapToLong(r -> r.round().sent()).sum();
    }
}
