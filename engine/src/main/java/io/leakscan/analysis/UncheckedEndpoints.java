package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The endpoints a check did not run on, for a summary that is true to what was done: every endpoint that answered is
 * meant to get client aborts; with key rounds on some endpoints every other answering endpoint is meant to get them
 * too, and likewise the wrong-input rounds. A leak already found on an endpoint is the one planned reason to skip the
 * aborts and the wrong inputs (what they leave could not be told from what its own requests do); it is named.
 */
public final class UncheckedEndpoints {

    private UncheckedEndpoints() {
    }

    /**
     * The endpoints a leak ({@link FindingKind#LEAKS}, the list the engine's screenings read) names, which is why
     * they got no timed aborts and no wrong inputs.
     */
    public static Set<EndpointRef> leaking(List<Finding> findings) {
        Set<EndpointRef> leaking = new HashSet<>();
        findings.stream().filter(f -> FindingKind.LEAKS.contains(f.kind())).forEach(f -> {
            if (f.endpoint() != null) {
                leaking.add(f.endpoint());
            }
            leaking.addAll(f.evidence().affectedEndpoints());
        });
        return leaking;
    }

    /** A sentence naming them, with a leading space; empty when every check ran everywhere it was meant to. */
    static String describe(ScanObservations obs, List<Finding> findings) {
        Set<EndpointRef> leaking = leaking(findings);
        List<EndpointObservation> probed = obs.endpoints().stream()
                .filter(e -> !e.rounds(RoundKind.LOAD).isEmpty() || !e.rounds(RoundKind.ABORT).isEmpty()).toList();
        List<String> noAborts = new ArrayList<>();
        for (EndpointObservation e : probed) {
            if (e.rounds(RoundKind.ABORT).isEmpty()) {
                noAborts.add(e.endpoint() + (leaking.contains(e.endpoint()) ? " (it already leaked)" : ""));
            }
        }
        boolean keyed = probed.stream().anyMatch(e -> !e.rounds(RoundKind.DISTINCT_KEY).isEmpty());
        List<String> noKeys = !keyed ? List.of() : probed.stream()
                .filter(e -> !e.rounds(RoundKind.LOAD).isEmpty() && e.rounds(RoundKind.DISTINCT_KEY).isEmpty())
                .map(e -> e.endpoint().toString()).toList();
        boolean inputs = probed.stream().anyMatch(e -> !e.rounds(RoundKind.ERROR_INPUT).isEmpty());
        List<String> noInputs = new ArrayList<>();
        for (EndpointObservation e : inputs ? probed : List.<EndpointObservation>of()) {
            if (e.rounds(RoundKind.ERROR_INPUT).isEmpty()) {
                noInputs.add(e.endpoint() + (leaking.contains(e.endpoint()) ? " (it already leaked)"
                        : e.rounds(RoundKind.LOAD).isEmpty() ? " (a stream, probed with client aborts)" : ""));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!noAborts.isEmpty()) {
            sb.append(" Not probed with client aborts: ").append(String.join(", ", noAborts)).append('.');
        }
        if (!noKeys.isEmpty()) {
            sb.append(" Not probed with client-controlled keys: ").append(String.join(", ", noKeys)).append('.');
        }
        if (!noInputs.isEmpty()) {
            sb.append(" Not probed with wrong inputs: ").append(String.join(", ", noInputs)).append('.');
        }
        return sb.toString();
    }
}
