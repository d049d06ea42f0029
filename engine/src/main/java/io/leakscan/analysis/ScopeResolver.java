package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.parse.GoroutineProfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.leakscan.analysis.GoroutineDetector.round;

/**
 * Merges the same leak seen under several endpoints into one finding at the right scope:
 * <ul>
 *   <li>MIDDLEWARE: it grew under every endpoint tested (with one endpoint tested: only when the baseline profile,
 *   with nothing but the scanner's own telemetry requests, already showed the stack);</li>
 *   <li>ROUTE_GROUP: it grew under several endpoints sharing a path prefix that no unaffected endpoint shares;</li>
 *   <li>MIDDLEWARE also for key-cardinality growth with distinct unknown paths (404): kept for any path;</li>
 *   <li>HANDLER otherwise (one representative endpoint; all affected ones are listed).</li>
 * </ul>
 */
final class ScopeResolver {

    private ScopeResolver() {
    }

    static List<Finding> resolve(ScanObservations obs, List<Suspect> suspects) {
        Map<String, List<Suspect>> groups = new LinkedHashMap<>();
        Suspect anyPath = suspects.stream().filter(ScopeResolver::unknownPath).findFirst().orElse(null);
        for (Suspect s : suspects) {
            if (anyPath != null && s.kind() == FindingKind.KEY_CARDINALITY_GROWTH && s.keySource() != null
                    && s.keySource().startsWith("path ")) {
                // A route's path parameter is one more distinct path: the unknown-path finding covers it, and names
                // the route among the endpoints it was seen under.
                groups.computeIfAbsent(anyPath.kind() + "|" + anyPath.key(), k -> new ArrayList<>()).add(s);
                continue;
            }
            groups.computeIfAbsent(s.kind() + "|" + s.key(), k -> new ArrayList<>()).add(s);
        }
        List<Finding> out = new ArrayList<>();
        for (List<Suspect> group : groups.values()) {
            out.add(merge(obs, group));
        }
        return out;
    }

    private static Finding merge(ScanObservations obs, List<Suspect> group) {
        Comparator<Suspect> byConfidence = Comparator.comparingDouble(Suspect::confidence);
        Suspect rep = group.stream().filter(ScopeResolver::unknownPath).max(byConfidence)
                .orElseGet(() -> group.stream().max(byConfidence).orElseThrow());
        FindingKind kind = rep.kind();
        List<EndpointRef> affected = group.stream().map(Suspect::endpoint).filter(e -> e != null).distinct().toList();
        List<String> reasons = new ArrayList<>(rep.reasons());
        double confidence = rep.confidence();
        Scope scope;
        String prefix = null;
        if (kind == FindingKind.PROFILING_EXPOSED || kind == FindingKind.TARGET_RESTARTED) {
            scope = Scope.APPLICATION;
        } else if (unknownPath(rep)) {
            scope = Scope.MIDDLEWARE;
            reasons.add("it grew with paths no route serves (404): the state is kept before routing, for any path");
        } else {
            List<EndpointRef> tested = tested(obs, kind);
            Set<EndpointRef> hit = Set.copyOf(affected);
            boolean baseline = seenInBaseline(obs, rep);
            if (baseline && rep.kind() != FindingKind.KEY_CARDINALITY_GROWTH) {
                reasons.add("the same stack was already growing during the baseline, when only the scanner's own "
                        + "telemetry requests reached the app");
            }
            if (hit.containsAll(tested) && (tested.size() >= 2 || baseline)) {
                scope = Scope.MIDDLEWARE;
                reasons.add("seen under every endpoint tested (" + affected.size() + "/" + tested.size() + ")");
                confidence += 0.05;
            } else if (affected.size() >= 2 && (prefix = sharedPrefix(affected, tested)) != null) {
                scope = Scope.ROUTE_GROUP;
                reasons.add("seen under every tested route below " + prefix + " (" + affected.size()
                        + ") and under none of the others");
                confidence += 0.03;
            } else {
                scope = Scope.HANDLER;
                if (tested.size() > affected.size()) {
                    reasons.add("seen under " + affected.size() + " of " + tested.size() + " endpoints tested");
                }
            }
        }
        confidence = Math.min(confidence, rep.confidence() >= 0.99 ? 0.99 : 0.98);
        List<Figure> figures = new ArrayList<>(rep.figures());
        if (!affected.isEmpty()) {
            figures.add(new Figure("affectedEndpoints", affected.size(), "endpoints"));
        }
        List<StackEvidence> stacks = rep.stacks().stream().map(Stacks.Grown::evidence).toList();
        EndpointRef endpoint = scope == Scope.MIDDLEWARE || scope == Scope.APPLICATION && kind != FindingKind.TARGET_RESTARTED
                ? null : rep.endpoint();
        Severity severity = severity(kind, scope, rep);
        return new Finding(kind, endpoint, scope, severity, new Confidence(round(confidence), reasons),
                Titles.of(kind, scope, rep, affected, prefix),
                new Evidence(figures, rep.series(), stacks, affected),
                Remediation.of(kind, rep.pattern(), scope, rep.keySource()), cwe(kind));
    }

    private static boolean unknownPath(Suspect s) {
        return s.kind() == FindingKind.KEY_CARDINALITY_GROWTH && LoadRound.UNKNOWN_PATH.equals(s.keySource());
    }

    /** The endpoints on which the kind could have shown: the ones that got the rounds it is measured on. */
    static List<EndpointRef> tested(ScanObservations obs, FindingKind kind) {
        return obs.endpoints().stream().filter(ep -> switch (kind) {
            case ABORT_IGNORED -> !ep.rounds(RoundKind.ABORT).isEmpty();
            case KEY_CARDINALITY_GROWTH -> !ep.rounds(RoundKind.DISTINCT_KEY).isEmpty();
            case LATENCY_DRIFT -> ep.rounds(RoundKind.LOAD).size() >= 3;
            default -> !ep.rounds(RoundKind.LOAD).isEmpty() || !ep.rounds(RoundKind.ABORT).isEmpty();
        }).map(EndpointObservation::endpoint).toList();
    }

    /** True when the leak's stack already had goroutines in a baseline profile (triggered by telemetry traffic). */
    private static boolean seenInBaseline(ScanObservations obs, Suspect s) {
        if (s.stacks().isEmpty() || s.stacks().getFirst().evidence().appFrames().isEmpty()) {
            return false;
        }
        StackEvidence top = s.stacks().getFirst().evidence();
        for (GoroutineProfile p : obs.baselineProfiles()) {
            if (Stacks.countAt(p, top) >= 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * The longest literal path prefix (whole segments, no parameters) shared by all affected routes and by none
     * of the unaffected tested ones; null when there is none.
     */
    static String sharedPrefix(List<EndpointRef> affected, List<EndpointRef> tested) {
        List<List<String>> paths = affected.stream().map(e -> segments(e.path())).toList();
        List<String> common = new ArrayList<>(paths.getFirst());
        for (List<String> p : paths) {
            int i = 0;
            while (i < common.size() && i < p.size() && common.get(i).equals(p.get(i))) {
                i++;
            }
            common = new ArrayList<>(common.subList(0, i));
        }
        while (!common.isEmpty() && (common.getLast().startsWith(":") || common.getLast().startsWith("*"))) {
            common.removeLast();
        }
        List<String> shared = common;
        // A prefix that is one whole route is no group.
        if (shared.isEmpty() || paths.stream().anyMatch(p -> p.size() <= shared.size())) {
            return null;
        }
        Set<EndpointRef> hit = Set.copyOf(affected);
        boolean othersShare = tested.stream().filter(e -> !hit.contains(e))
                .anyMatch(e -> segments(e.path()).size() >= shared.size()
                        && segments(e.path()).subList(0, shared.size()).equals(shared));
        return othersShare ? null : "/" + String.join("/", shared);
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("\\?")[0].split("/")).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }

    static Severity severity(FindingKind kind, Scope scope, Suspect rep) {
        return switch (kind) {
            case GOROUTINE_LEAK -> scope == Scope.MIDDLEWARE ? Severity.CRITICAL : Severity.HIGH;
            case LINGERING_GOROUTINES -> scope == Scope.MIDDLEWARE || rep.lifetime() >= 30 ? Severity.HIGH
                    : Severity.MEDIUM;
            case ABORT_IGNORED -> rep.lifetime() > 0 ? Severity.MEDIUM : Severity.HIGH;
            case HEAP_GROWTH -> rep.perRequest() >= 1024 ? Severity.HIGH : Severity.MEDIUM;
            case KEY_CARDINALITY_GROWTH, FD_LEAK -> Severity.HIGH;
            case LATENCY_DRIFT -> rep.confidence() < 0.4 ? Severity.INFO : Severity.LOW;
            case PROFILING_EXPOSED -> Severity.MEDIUM;
            case TARGET_RESTARTED -> rep.perRequest() > 0 ? Severity.HIGH : Severity.MEDIUM;
        };
    }

    static Integer cwe(FindingKind kind) {
        return switch (kind) {
            case GOROUTINE_LEAK, LINGERING_GOROUTINES, HEAP_GROWTH -> 401;
            case ABORT_IGNORED, FD_LEAK -> 772;
            case KEY_CARDINALITY_GROWTH -> 400;
            case PROFILING_EXPOSED -> 200;
            case LATENCY_DRIFT, TARGET_RESTARTED -> null;
        };
    }
}
