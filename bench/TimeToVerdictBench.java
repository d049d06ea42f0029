// Time to verdict, for bench/time-to-verdict.sh (not a test): scans one running lab app through the real ScanEngine
// of whichever build is on the classpath and compares the result with lab/catalog.json.
// Run as a single-file program on a build's classpath:
//   java -cp CLASSPATH bench/TimeToVerdictBench.java CATALOG APP PROFILE BASE_URL WARMUP_URL
// WARMUP_URL is another lab app (trap-slow) that takes one short scan first, so the JIT and Reactor Netty's start-up
// are not counted in the measured scan (a service worker pays them once). Prints one line:
//   RESULT app=... endpoints=... requests=... rate=... settle=... floor=... verdict=... expected=... total=...
//          first=... exact=... missed=... fp=...
import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.engine.EndpointReport;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.engine.ScanEngine;
import io.leakscan.engine.ScanListener;
import io.leakscan.engine.ScanOutcome;
import io.leakscan.engine.ScanPlan;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ProfileOverrides;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

public class TimeToVerdictBench {

    /** Findings that claim a leak; the others (profiling exposed, latency drift) are context, as in the catalog. */
    static final Set<FindingKind> LEAK_KINDS = EnumSet.of(FindingKind.GOROUTINE_LEAK,
            FindingKind.LINGERING_GOROUTINES, FindingKind.ABORT_IGNORED, FindingKind.HEAP_GROWTH,
            FindingKind.KEY_CARDINALITY_GROWTH, FindingKind.FD_LEAK);

    record Route(EndpointRef ref, Endpoint request, Set<String> expect) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: TimeToVerdictBench CATALOG APP PROFILE BASE_URL WARMUP_URL");
            System.exit(2);
        }
        JsonNode app = app(Path.of(args[0]), args[1]);
        List<Route> routes = routes(app);
        ScanProfile profile = ScanProfile.named(args[2]);
        ScanEngine engine = new ScanEngine(TargetPolicy.loopbackOnly(), ProbeLimits.DEFAULT_SERVER_MAXIMA,
                Clock.systemUTC());

        engine.run(warmUp(args[4]), ScanListener.NONE, new CancellationToken());

        List<ScanEndpoint> endpoints = routes.stream().map(r -> new ScanEndpoint(r.ref(), r.request())).toList();
        // as the catalog scans (wrong inputs, X-Forwarded-For key rounds), unless the script's -g asks for the
        // README's plain command
        boolean echoSpecific = !"false".equals(System.getenv("TTV_ECHO_SPECIFIC"));
        ScanPlan draft = ScanPlan.of(new TargetSpec(URI.create(args[3]), Map.of()), endpoints, profile, echoSpecific);
        PlanRoom room = planRoom(draft);
        ScanPlan plan = room.plan();
        List<Map.Entry<Duration, AnalysisResult>> interims = new CopyOnWriteArrayList<>();
        ScanListener listener = new ScanListener() {
            @Override
            public void interimResult(AnalysisResult result, Duration sinceStart) {
                interims.add(Map.entry(sinceStart, result));
            }
        };
        ScanOutcome outcome = new ScanEngine(TargetPolicy.loopbackOnly(), room.limits(), Clock.systemUTC())
                .run(plan, listener, new CancellationToken());

        long requests = outcome.endpoints().stream().mapToLong(EndpointReport::requestsSent).sum();
        // Where the requests went, by the kind of round (its purpose up to the first space, set-aside ones apart)
        Map<String, Long> byPurpose = new TreeMap<>();
        outcome.endpoints().forEach(e -> e.rounds().forEach(r -> byPurpose.merge(
                r.purpose().replaceFirst("^(screen key-|screen |key-|)(\\S+).*", "$1$2") + (r.analyzed() ? "" : "(aside)"),
                (long) r.round().sent(), Long::sum)));
        System.err.println("REQUESTS " + byPurpose);
        System.err.println("TIME " + timeline(outcome));
        double floor = floor(requests, profile);
        double total = outcome.timings().total().toMillis() / 1000.0;
        Tally tally = compare(routes, outcome.analysis(), "");
        Duration first = null;
        for (Map.Entry<Duration, AnalysisResult> e : interims) {
            if (namesAnExpectedLeak(routes, e.getValue(), outcome.analysis())) {
                first = e.getKey();
                break;
            }
        }
        String verdict = outcome.analysis() == null ? outcome.status().name() : outcome.analysis().verdict().name();
        System.out.println(String.format(Locale.ROOT,
                "RESULT app=%s endpoints=%d requests=%d rate=%.0f settle=%d floor=%.1f verdict=%s expected=%s "
                        + "total=%.1f ratio=%.2f first=%s exact=%d missed=%d fp=%d",
                args[1], endpoints.size(), requests, profile.requestsPerSecond(), profile.settle().toSeconds(),
                floor, verdict, app.path("expectedVerdict").asString(), total, total / floor,
                first == null ? "-" : String.format(Locale.ROOT, "%.1f", first.toMillis() / 1000.0),
                tally.exact(), tally.missed(), tally.fp()));
        System.exit(0);
    }

    /**
     * Where the scan's time went, by the kind of round: rounds that share one settle window (a pooled screen) count
     * once, from the first one's start to the last one's end (sending) and from there to the window's close
     * (watching); "between" is the rest: pilots' gaps, quiescing before a pool, profile captures, analyses.
     */
    static String timeline(ScanOutcome outcome) {
        record Window(String purpose, java.time.Instant start, java.time.Instant end, java.time.Instant settle) {
        }
        Map<java.time.Instant, Window> windows = new TreeMap<>();
        outcome.endpoints().forEach(e -> e.rounds().forEach(r -> {
            String purpose = r.purpose().replaceFirst("^(screen key-|screen |key-|)(\\S+).*", "$1$2");
            windows.merge(r.settleEnd(), new Window(purpose, r.round().startedAt(), r.round().endedAt(),
                    r.settleEnd()), (a, b) -> new Window(a.purpose(),
                    a.start().isBefore(b.start()) ? a.start() : b.start(),
                    a.end().isAfter(b.end()) ? a.end() : b.end(), a.settle()));
        }));
        Map<String, double[]> byPurpose = new TreeMap<>();
        double busy = 0;
        for (Window w : windows.values()) {
            double send = Duration.between(w.start(), w.end()).toMillis() / 1000.0;
            double watch = Math.max(0, Duration.between(w.end(), w.settle()).toMillis() / 1000.0);
            double[] t = byPurpose.computeIfAbsent(w.purpose(), k -> new double[3]);
            t[0]++;
            t[1] += send;
            t[2] += watch;
            busy += send + watch;
        }
        StringBuilder out = new StringBuilder();
        byPurpose.forEach((k, t) -> out.append(String.format(Locale.ROOT, "%s: %d windows, send %.1f s, watch %.1f s; ",
                k, (int) t[0], t[1], t[2])));
        double total = outcome.timings().total().toMillis() / 1000.0;
        return out.append(String.format(Locale.ROOT, "between %.1f s of %.1f s", total - busy, total)).toString();
    }

    /** The catalog's entry for lab app {@code name}. */
    static JsonNode app(Path catalog, String name) throws java.io.IOException {
        for (JsonNode a : JsonMapper.builder().build().readTree(Files.readString(catalog)).path("apps")) {
            if (a.path("name").asString().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no app " + name + " in " + catalog);
    }

    /** The app's routes as the catalog gives them: the request to send and the leaks expected, as kind/scope. */
    static List<Route> routes(JsonNode app) {
        List<Route> routes = new ArrayList<>();
        for (JsonNode r : app.path("routes")) {
            JsonNode req = r.path("request");
            Map<String, String> headers = new LinkedHashMap<>();
            req.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
            Set<String> expect = new LinkedHashSet<>();
            r.path("expect").forEach(e -> expect.add(e.path("kind").asString() + "/" + e.path("scope").asString()));
            String method = r.path("method").asString();
            routes.add(new Route(new EndpointRef(method, r.path("path").asString()),
                    new Endpoint(method, req.path("path").asString(), text(req.path("body")),
                            text(req.path("contentType")), headers), expect));
        }
        return routes;
    }

    /**
     * Room for a build from before plans (fb083bb): the default maxima's rate and concurrency, which every profile
     * stays under, and a request count and duration no lab app's plan reaches. Under the default 500,000 requests
     * such a build stopped deep on the service app after its load rounds (3db57d0: 1,722 s, 496,000 load requests,
     * none of its key rounds), so there was no time to verdict to compare.
     */
    static final ProbeLimits ROOM_BEFORE_PLANS = new ProbeLimits(ProbeLimits.DEFAULT_SERVER_MAXIMA.maxRequestsPerSecond(),
            ProbeLimits.DEFAULT_SERVER_MAXIMA.maxConcurrency(), 10_000_000, Duration.ofHours(4));

    /**
     * Limits that hold the plan, as the CLI and the catalog give them (PlannedTraffic.room): under the server's default
     * maxima deep on the service app, about 1.8 million requests, is refused before any load. Called by reflection so
     * the script still measures builds from before plans, which get {@link #ROOM_BEFORE_PLANS} (set on the plan's
     * record component of type ProbeLimits: those builds have no withLimits).
     */
    static PlanRoom planRoom(ScanPlan draft) throws ReflectiveOperationException {
        Class<?> planned;
        try {
            planned = Class.forName("io.leakscan.engine.PlannedTraffic");
        } catch (ClassNotFoundException before) {
            var components = ScanPlan.class.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = types[i] == ProbeLimits.class ? ROOM_BEFORE_PLANS : components[i].getAccessor().invoke(draft);
            }
            return new PlanRoom(ScanPlan.class.getDeclaredConstructor(types).newInstance(values), ROOM_BEFORE_PLANS);
        }
        Object traffic = planned.getMethod("of", ScanPlan.class, ProbeLimits.class, boolean.class)
                .invoke(null, draft, ProbeLimits.DEFAULT_SERVER_MAXIMA, true);
        ProbeLimits limits = (ProbeLimits) planned.getMethod("room", ProbeLimits.class)
                .invoke(traffic, ProbeLimits.DEFAULT_SERVER_MAXIMA);
        return new PlanRoom((ScanPlan) ScanPlan.class.getMethod("withLimits", ProbeLimits.class).invoke(draft, limits),
                limits);
    }

    record PlanRoom(ScanPlan plan, ProbeLimits limits) {
    }

    /** A short quick scan of trap-slow's {@code GET /ping} at {@code baseUrl}: the JIT's and Reactor Netty's start. */
    static ScanPlan warmUp(String baseUrl) {
        return new ScanPlan(new TargetSpec(URI.create(baseUrl), Map.of()),
                List.of(new ScanEndpoint(new EndpointRef("GET", "/ping"), Endpoint.get("/ping"))),
                ScanProfile.QUICK, new ProfileOverrides(Duration.ofSeconds(1), 3, 50, 8, 250.0,
                Duration.ofMillis(500), Duration.ofSeconds(1), null, null, null, null, null),
                false, List.of(), null, null);
    }

    /** Expected findings found and missed, and findings not expected, over an app's routes. */
    record Tally(int exact, int missed, int fp) {
    }

    /** Compares {@code result} with the routes' expectations; each false positive goes to stderr after {@code label}. */
    static Tally compare(List<Route> routes, AnalysisResult result, String label) {
        int exact = 0;
        int missed = 0;
        int fp = 0;
        for (Route r : routes) {
            Set<String> got = leaks(result, r.ref());
            for (String e : r.expect()) {
                if (got.contains(e)) {
                    exact++;
                } else {
                    missed++;
                }
            }
            for (String g : got) {
                if (!r.expect().contains(g)) {
                    fp++;
                    System.err.println("false positive: " + label + r.ref() + " " + g);
                }
            }
        }
        // A leak that names none of the app's routes is a false positive too: 3db57d0 judged the clean service app
        // LEAKS_FOUND with deep while no route's tally showed why
        Set<EndpointRef> refs = new LinkedHashSet<>();
        routes.forEach(r -> refs.add(r.ref()));
        for (Finding f : result == null ? List.<Finding>of() : result.findings()) {
            if (LEAK_KINDS.contains(f.kind()) && !refs.contains(f.endpoint())
                    && f.evidence().affectedEndpoints().stream().noneMatch(refs::contains)) {
                fp++;
                System.err.println("false positive: " + label + "no route of the app: " + f.kind() + "/" + f.scope()
                        + " " + f.endpoint() + " " + f.evidence().affectedEndpoints());
            }
        }
        return new Tally(exact, missed, fp);
    }

    /** The rate floor: {@code requests} at the profile's rate, plus one settle window. */
    static double floor(long requests, ScanProfile profile) {
        return requests / profile.requestsPerSecond() + profile.settle().toMillis() / 1000.0;
    }

    /** The leak findings on a route, as kind/scope: attributed to it, or naming it among a wider scope's routes. */
    static Set<String> leaks(AnalysisResult result, EndpointRef route) {
        Set<String> out = new LinkedHashSet<>();
        if (result == null) {
            return out;
        }
        for (Finding f : result.findings()) {
            if (LEAK_KINDS.contains(f.kind())
                    && (route.equals(f.endpoint()) || f.evidence().affectedEndpoints().contains(route))) {
                out.add(f.kind().name() + "/" + f.scope().name());
            }
        }
        return out;
    }

    /** An interim result names an expected leak (kind and scope) on its route, and the final result keeps it. */
    static boolean namesAnExpectedLeak(List<Route> routes, AnalysisResult interim, AnalysisResult last) {
        for (Route r : routes) {
            Set<String> got = leaks(interim, r.ref());
            Set<String> kept = leaks(last, r.ref());
            if (r.expect().stream().anyMatch(e -> got.contains(e) && kept.contains(e))) {
                return true;
            }
        }
        return false;
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asString();
    }
}
