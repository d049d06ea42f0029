package io.leakscan.engine;

import io.leakscan.lab.Repo;
import io.leakscan.lab.LabApp;
import io.leakscan.lab.LabApps;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ProfileOverrides;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: lab apps scanned through the real engine with the {@code quick} profile, compared with
 * {@code lab/catalog.json} route by route (kind and scope): every expected finding must be reported (recall) and no
 * leak may be reported on a route the catalog calls clean (precision); the verdict must match, INCONCLUSIVE for the
 * app without telemetry. Apps run one after the other: scanning two at once on a shared machine would disturb the
 * measurement. The tables (with the time to the first report of a leak and to the verdict) are printed and written
 * to {@code target/}.
 * <p>
 * Two sizes. {@link #representativeAppsAreJudgedAsTheCatalogSays()} (tag {@code catalog-sample}) runs in every
 * {@code ./mvnw verify}: {@link #SAMPLE}, eleven apps that between them expect every finding kind of the catalog, every
 * trap, two fixed twins and the app without telemetry (about 5 minutes on 2 cores); the test checks that the sample
 * still covers every kind and trap when the catalog grows. The full catalog and the clean apps three times (tag
 * {@code catalog}, about 25 minutes) run with {@code ./mvnw verify -Pcatalog}, which leaves the sample out since it
 * scans those apps anyway.
 */
class CatalogAccuracyIT {

    /**
     * The default build's sample: LINGERING_GOROUTINES/MIDDLEWARE (brief-middleware-leaky); ABORT_IGNORED,
     * GOROUTINE_LEAK, FD_LEAK and HEAP_GROWTH on a handler (brief-stream-leaky); KEY_CARDINALITY_GROWTH/MIDDLEWARE
     * (xff-limiter-leaky); two fixed twins; the five traps; INCONCLUSIVE without telemetry. Left to -Pcatalog: the
     * other leaks of the same kinds and the ROUTE_GROUP scope (admin-group-leaky, a 70 s scan).
     */
    static final List<String> SAMPLE = List.of("brief-middleware-leaky", "brief-stream-leaky", "xff-limiter-leaky",
            "brief-stream-fixed", "xff-limiter-fixed", "trap-slow", "trap-sse", "trap-bounded-cache", "trap-workers",
            "trap-gc-tuner", "no-telemetry");

    private static final Path CATALOG = Repo.path("lab", "catalog.json");

    /** {@code -Dleakscan.catalog.apps=a,b} scans only those apps, to iterate on one; the default is every app. */
    private static List<LabCatalog.App> selected(LabCatalog catalog) {
        String only = System.getProperty("leakscan.catalog.apps", "").strip();
        if (only.isEmpty()) {
            return catalog.apps();
        }
        List<String> names = List.of(only.split(","));
        return catalog.apps().stream().filter(a -> names.contains(a.name())).toList();
    }

    /**
     * The JVM's first scan pays Reactor Netty's start-up and the JIT (about 7 s on a busy 2-core machine), which a
     * service worker pays once: one short scan of a lab app first, so the times in the table are the scans' own.
     */
    @BeforeAll
    static void warmUpTheJvm() {
        try (LabApp app = LabApps.start("trap-slow")) {
            ScanPlan plan = new ScanPlan(new TargetSpec(app.baseUrl(), Map.of()),
                    List.of(new ScanEndpoint(new EndpointRef("GET", "/ping"),
                            Endpoint.get("/ping"))),
                    ScanProfile.QUICK, new ProfileOverrides(
                    Duration.ofSeconds(1), 3, 50, 8, 250.0, Duration.ofMillis(500),
                    Duration.ofSeconds(1), null, null, null, null, null), false, List.of(), null, null);
            ScanOutcome warm = new ScanEngine(TargetPolicy.loopbackOnly(),
                    ProbeLimits.DEFAULT_SERVER_MAXIMA, Clock.systemUTC())
                    .run(plan, ScanListener.NONE, new CancellationToken());
            assertThat(warm.status()).isEqualTo(ScanEnd.SUCCEEDED);
        }
    }

    @Test
    @Tag("catalog-sample")
    void representativeAppsAreJudgedAsTheCatalogSays() throws IOException {
        LabCatalog catalog = LabCatalog.load(CATALOG);
        List<LabCatalog.App> sample = catalog.apps().stream().filter(a -> SAMPLE.contains(a.name())).toList();
        assertThat(sample).extracting(LabCatalog.App::name).as("sample apps in the catalog")
                .containsExactlyInAnyOrderElementsOf(SAMPLE);
        assertThat(kinds(sample)).as("finding kinds the sample expects").containsAll(kinds(catalog.apps()));
        assertThat(sample).extracting(LabCatalog.App::name).as("every trap is in the sample")
                .containsAll(catalog.apps().stream().map(LabCatalog.App::name).filter(n -> n.startsWith("trap-"))
                        .toList());
        assertThat(sample).as("fixed twins in the sample")
                .filteredOn(a -> a.name().endsWith("-fixed")).hasSizeGreaterThanOrEqualTo(2);
        CatalogScans scans = new CatalogScans();
        List<CatalogScans.AppResult> results = new ArrayList<>();
        for (LabCatalog.App app : sample) {
            CatalogScans.AppResult r = scans.scan(app, 1);
            results.add(r);
            System.out.println(CatalogScans.table(List.of(r)).lines().skip(1).findFirst().orElse(""));
        }
        String table = CatalogScans.table(results);
        String details = CatalogScans.details(results, true);
        write("catalog-sample.txt", table + CatalogScans.details(results, false));
        System.out.println(table + details);
        assertThat(results.stream().filter(r -> !r.ok()).map(CatalogScans.AppResult::app).toList())
                .as("sample apps whose scan does not match lab/catalog.json:%n%s%s", table, details)
                .isEmpty();
    }

    private static Set<String> kinds(List<LabCatalog.App> apps) {
        return apps.stream().flatMap(a -> a.routes().stream()).flatMap(r -> r.expect().stream())
                .map(LabCatalog.Expect::kind).collect(Collectors.toSet());
    }

    /** Every app of the catalog (about 10 minutes): -Pcatalog. */
    @Test
    @Tag("catalog")
    void everyLabAppIsJudgedAsTheCatalogSaysRouteByRoute() throws IOException {
        LabCatalog catalog = LabCatalog.load(CATALOG);
        assertThat(catalog.apps()).as("apps in the catalog").hasSizeGreaterThanOrEqualTo(20);
        CatalogScans scans = new CatalogScans();
        List<CatalogScans.AppResult> results = new ArrayList<>();
        for (LabCatalog.App app : selected(catalog)) {
            CatalogScans.AppResult r = scans.scan(app, 1);
            results.add(r);
            System.out.println(CatalogScans.table(List.of(r)).lines().skip(1).findFirst().orElse(""));
        }
        String table = CatalogScans.table(results);
        String details = CatalogScans.details(results, true);
        write("catalog-accuracy-" + CatalogScans.profile().name() + ".txt", table + CatalogScans.details(results, false));
        System.out.println(table + details);
        assertThat(results.stream().filter(r -> !r.ok()).map(CatalogScans.AppResult::app).toList())
                .as("apps whose scan does not match lab/catalog.json:%n%s%s", table, details)
                .isEmpty();
    }

    /**
     * The fixed twins and the traps, each scanned three times in a row on one running process: CLEAN every time
     * (about 13 minutes): -Pcatalog.
     */
    @Test
    @Tag("catalog")
    void cleanAppsAreJudgedCleanInThreeConsecutiveRuns() throws IOException {
        LabCatalog catalog = LabCatalog.load(CATALOG);
        assertThat(catalog.apps().stream().filter(a -> a.expectedVerdict().equals("CLEAN")))
                .as("clean apps in the catalog").hasSizeGreaterThanOrEqualTo(10);
        List<LabCatalog.App> clean = selected(catalog).stream()
                .filter(a -> CatalogScans.expectedVerdict(a).equals("CLEAN")).toList();
        CatalogScans scans = new CatalogScans();
        List<CatalogScans.AppResult> results = new ArrayList<>();
        for (LabCatalog.App app : clean) {
            try (LabApp lab = LabApps.start(app.name())) {
                for (int run = 1; run <= 3; run++) {
                    CatalogScans.AppResult r = scans.scan(app, lab, run);
                    results.add(r);
                    System.out.println(CatalogScans.table(List.of(r)).lines().skip(1).findFirst().orElse(""));
                }
            }
        }
        String table = CatalogScans.table(results);
        String details = CatalogScans.details(results, true);
        write("catalog-clean-3x.txt", table + CatalogScans.details(results, false));
        System.out.println(table + details);
        assertThat(results.stream().filter(r -> !r.ok()).map(r -> r.app() + " run " + r.run()).toList())
                .as("clean apps not judged clean in every run:%n%s%s", table, details)
                .isEmpty();
    }

    private static void write(String name, String text) throws IOException {
        Path out = Path.of("target", name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }
}
