package io.leakscan.analysis;

import io.leakscan.telemetry.parse.Frame;
import io.leakscan.telemetry.parse.GoroutineProfile;
import io.leakscan.telemetry.parse.StackGroup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Goroutine profile diffs, reduced to the application's own frames. */
final class Stacks {

    /**
     * Third-party modules that are never "the app": Echo, its middleware and contrib, and the libraries a Go
     * service pulls in under them. The standard library is recognised by its import path (no dot in the first
     * element), so it needs no list.
     */
    private static final List<String> LIBRARY_PREFIXES = List.of(
            "github.com/labstack/", "golang.org/x/", "google.golang.org/", "github.com/prometheus/",
            "github.com/valyala/", "github.com/golang-jwt/", "github.com/go-sql-driver/", "github.com/lib/pq",
            "github.com/jackc/", "github.com/mattn/", "modernc.org/", "gopkg.in/", "go.opentelemetry.io/",
            "github.com/google/", "github.com/redis/", "go.uber.org/", "github.com/sirupsen/", "github.com/rs/zerolog",
            "github.com/beorn7/", "github.com/cespare/", "github.com/gorilla/", "github.com/klauspost/");

    private Stacks() {
    }

    /** True for a frame in the application's own code: {@code main.*} or a module path not known as a library. */
    static boolean isAppFrame(Frame f) {
        String fn = f.function();
        if (fn == null || fn.isEmpty()) {
            return false;
        }
        if (fn.startsWith("main.")) {
            return true;
        }
        int slash = fn.indexOf('/');
        int dot = fn.indexOf('.');
        // Standard library: "net/http.(*conn).serve", "runtime.gopark", "internal/poll...": no dot before the
        // first slash (or no slash at all).
        if (slash < 0 || dot < 0 || dot > slash) {
            return false;
        }
        return LIBRARY_PREFIXES.stream().noneMatch(fn::startsWith);
    }

    static List<Frame> appFrames(StackGroup g) {
        return g.frames().stream().filter(Stacks::isAppFrame).toList();
    }

    /**
     * The stack groups whose count grew from {@code before} to {@code after}, most growth first, keeping only
     * those that carry a real share of the growth (at least {@code minGrowth} goroutines).
     */
    static List<Grown> grown(GoroutineProfile before, GoroutineProfile after, int minGrowth) {
        if (before == null || after == null) {
            return List.of();
        }
        Map<String, Integer> beforeCounts = new HashMap<>();
        for (StackGroup g : before.groups()) {
            beforeCounts.merge(key(g), g.count(), Integer::sum);
        }
        Map<String, List<StackGroup>> afterGroups = new LinkedHashMap<>();
        for (StackGroup g : after.groups()) {
            afterGroups.computeIfAbsent(key(g), k -> new ArrayList<>()).add(g);
        }
        List<Grown> out = new ArrayList<>();
        for (var e : afterGroups.entrySet()) {
            int afterCount = e.getValue().stream().mapToInt(StackGroup::count).sum();
            int beforeCount = beforeCounts.getOrDefault(e.getKey(), 0);
            if (afterCount - beforeCount >= minGrowth) {
                out.add(new Grown(evidence(e.getValue(), beforeCount, afterCount), e.getValue().getFirst().frames()));
            }
        }
        // Most growth first; among equals, the app's own stacks, and the server side of a connection last (a
        // client connection that is never released also parks the peer's conn.serve: the effect, not the cause).
        out.sort(Comparator.comparingInt((Grown g) -> -g.evidence().growth())
                .thenComparing(g -> g.evidence().appFrames().isEmpty())
                .thenComparing(g -> g.evidence().createdBy() != null
                        && g.evidence().createdBy().function().equals("net/http.(*Server).Serve")
                        && g.evidence().appFrames().isEmpty()));
        return out;
    }

    /** How many goroutines of {@code profile} share the leak site of {@code stack} (0 when the profile is null). */
    static int countAt(GoroutineProfile profile, StackEvidence stack) {
        if (profile == null) {
            return 0;
        }
        String site = siteOnly(stack);
        return profile.groups().stream()
                .filter(g -> siteOnly(evidence(List.of(g), 0, g.count())).equals(site))
                .mapToInt(StackGroup::count).sum();
    }

    /**
     * The identity of a leak across endpoints and profiles: where it waits in the app's code and who started it.
     * Line numbers of library frames differ between Echo versions; the app frame and the creator do not.
     */
    static String siteKey(StackEvidence s) {
        return siteOnly(s) + " <- " + (s.createdBy() == null ? "" : s.createdBy().function());
    }

    /** The leak site alone ({@code debug=1} profiles, such as goroutineleak's, carry no creator). */
    static String siteOnly(StackEvidence s) {
        return s.leakSite() == null ? "?" : s.leakSite().function() + ":" + s.leakSite().line();
    }


    /** The groups of one after-profile that share a stack, merged into one piece of evidence. */
    private static StackEvidence evidence(List<StackGroup> groups, int before, int after) {
        StackGroup first = groups.getFirst();
        List<Frame> app = appFrames(first);
        Frame leakSite = app.isEmpty() ? firstNonRuntime(first) : app.getFirst();
        Map<String, Integer> waits = new HashMap<>();
        int waitMinutes = 0;
        for (StackGroup g : groups) {
            g.waitStates().forEach((state, n) -> waits.merge(state, n, Integer::sum));
            waitMinutes = Math.max(waitMinutes, g.maxWaitMinutes());
        }
        String waitState = waits.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(null);
        return new StackEvidence(before, after, leakSite, app, first.createdBy(), waitState, waitMinutes);
    }

    /**
     * Without any app frame (a leak inside net/http's transport), the goroutine's own entry function: the
     * outermost frame ({@code net/http.(*persistConn).readLoop} says more than the {@code netFD.Read} it waits in).
     */
    private static Frame firstNonRuntime(StackGroup g) {
        return g.frames().isEmpty() ? null : g.frames().getLast();
    }

    /** Two groups are the same stack when their frames and their creator match. */
    private static String key(StackGroup g) {
        return g.signature() + "<-" + (g.createdBy() == null ? "" : g.createdBy().function());
    }

    /**
     * A stack that grew, with all its frames (library ones too: they tell which idiom was missed, e.g. a
     * {@code net/http.(*persistConn).readLoop} is a response body never closed).
     */
    record Grown(StackEvidence evidence, List<Frame> frames) {

        boolean anyFrame(String prefix) {
            return frames.stream().anyMatch(f -> f.function().startsWith(prefix))
                    || (evidence.createdBy() != null && evidence.createdBy().function().startsWith(prefix));
        }
    }
}
