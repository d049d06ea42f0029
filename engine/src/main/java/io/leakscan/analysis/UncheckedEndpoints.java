package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The endpoints a check did not run on, for a summary that is true to what was done: every endpoint that answered is
 * meant to get client aborts, and with key rounds on some endpoints every other answering endpoint is meant to get
 * them too. A leak found under completed requests is the one planned reason to skip the aborts; it is named.
 */
public final class UncheckedEndpoints {

    /** Leaks that keep an endpoint out of the timed aborts when its load rounds show them. */
    static final Set<FindingKind> LOAD_LEAKS = EnumSet.of(FindingKind.GOROUTINE_LEAK,
            FindingKind.LINGERING_GOROUTINES, FindingKind.HEAP_GROWTH, FindingKind.FD_LEAK);

    private UncheckedEndpoints() {
    }

    /** The endpoints that a leak of {@link #LOAD_LEAKS} names, which is why they got no timed aborts. */
    public static Set<EndpointRef> leakingUnderLoad(List<Finding> findings) {
        Set<EndpointRef> leaking = new HashSet<>();
        findings.stream().filter(f -> LOAD_LEAKS.contains(f.kind())).forEach(f -> {
            if (f.endpoint() != null) {
                leaking.add(f.endpoint());
            }
            leaking.addAll(f.evidence().affectedEndpoints());
        });
        return leaking;
    }

    /** A sentence naming them, with a leading space; empty when every check ran everywhere it was meant to. */
    static String describe(ScanObservations obs, List<Finding> findings) {
        Set<EndpointRef> leaking = leakingUnderLoad(findings);
        List<EndpointObservation> probed = obs.endpoints().stream()
                .filter(e -> !e.rounds(RoundKind.LOAD).isEmpty() || !e.rounds(RoundKind.ABORT).isEmpty()).toList();
        List<String> noAborts = new ArrayList<>();
        for (EndpointObservation e : probed) {
            if (e.rounds(RoundKind.ABORT).isEmpty()) {
                noAborts.add(e.endpoint() + (leaking.contains(e.endpoint())
                        ? " (it already leaked under completed requests)" : ""));
            }
        }
        boolean keyed = probed.stream().anyMatch(e -> !e.rounds(RoundKind.DISTINCT_KEY).isEmpty());
        List<String> noKeys = !keyed ? List.of() : probed.stream()
                .filter(e -> !e.rounds(RoundKind.LOAD).isEmpty() && e.rounds(RoundKind.DISTINCT_KEY).isEmpty())
                .map(e -> e.endpoint().toString()).toList();
        StringBuilder sb = new StringBuilder();
        if (!noAborts.isEmpty()) {
            sb.append(" Not probed with client aborts: ").append(String.join(", ", noAborts)).append('.');
        }
        if (!noKeys.isEmpty()) {
            sb.append(" Not probed with client-controlled keys: ").append(String.join(", ", noKeys)).append('.');
        }
        return sb.toString();
    }
}
