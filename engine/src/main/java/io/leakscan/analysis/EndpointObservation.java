package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What was done to one endpoint and the goroutine profiles around it.
 *
 * @param endpoint the route as the user gave it
 * @param rounds   every round run against it (plain load, client aborts, distinct-key and repeated-key load), any
 *                 order (sorted here by start time)
 * @param profiles goroutine profiles before the first round, after the last load, after the last settle window
 */
public record EndpointObservation(EndpointRef endpoint, List<LoadRound> rounds, ProfileSnapshots profiles) {

    public EndpointObservation {
        Objects.requireNonNull(endpoint, "endpoint");
        rounds = rounds.stream().sorted(Comparator.comparing(LoadRound::start)).toList();
        profiles = profiles == null ? ProfileSnapshots.NONE : profiles;
    }

    public List<LoadRound> rounds(RoundKind kind) {
        return rounds.stream().filter(r -> r.kind() == kind).toList();
    }

    /** The {@link RoundKind#ERROR_INPUT} rounds by the input they sent, in the order the inputs were first sent. */
    public Map<String, List<LoadRound>> inputRounds() {
        Map<String, List<LoadRound>> out = new LinkedHashMap<>();
        rounds(RoundKind.ERROR_INPUT).forEach(r -> out.computeIfAbsent(r.input(), k -> new ArrayList<>()).add(r));
        return out;
    }
}
