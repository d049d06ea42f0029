package io.leakscan.engine;

import io.leakscan.lab.LabApp;
import io.leakscan.lab.LabApps;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: every lab app scanned through the real engine with the {@code quick} profile, compared with
 * {@code lab/catalog.json} route by route (kind and scope): every expected finding must be reported (recall) and no
 * leak may be reported on a route the catalog calls clean (precision); the verdict must match, INCONCLUSIVE for the
 * app without telemetry. Apps run one after the other: scanning two at once on a shared machine would disturb the
 * measurement. The table (with the time to the first report of a leak and to the verdict) is printed and written to
 * {@code target/catalog-accuracy.txt}.
 */
// Scans all 21 lab apps (about 25 minutes on 2 cores): run with ./mvnw verify -Pcatalog (see README).
@Tag("catalog")
class CatalogAccuracyTest {

    private static final Path CATALOG = Path.of("lab", "catalog.json");

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
    @org.junit.jupiter.api.BeforeAll
    static void warmUpTheJvm() {
        try (LabApp app = LabApps.start("trap-slow")) {
            ScanPlan plan = new ScanPlan(new io.leakscan.target.TargetSpec(app.baseUrl(), java.util.Map.of()),
                    List.of(new ScanEndpoint(new io.leakscan.target.EndpointRef("GET", "/ping"),
                            io.leakscan.target.Endpoint.get("/ping"))),
                    io.leakscan.probe.ScanProfile.QUICK, new io.leakscan.probe.ProfileOverrides(
                    java.time.Duration.ofSeconds(1), 3, 50, 8, 250.0, java.time.Duration.ofMillis(500),
                    java.time.Duration.ofSeconds(1), null, null, null, null, null), false, List.of(), null, null);
            ScanOutcome warm = new ScanEngine(io.leakscan.target.TargetPolicy.loopbackOnly(),
                    io.leakscan.probe.ProbeLimits.DEFAULT_SERVER_MAXIMA, java.time.Clock.systemUTC())
                    .run(plan, ScanListener.NONE, new io.leakscan.probe.CancellationToken());
            assertThat(warm.status()).isEqualTo(ScanStatus.SUCCEEDED);
        }
    }

    @Test
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
        write("catalog-accuracy.txt", table + CatalogScans.details(results, false));
        System.out.println(table + details);
        assertThat(results.stream().filter(r -> !r.ok()).map(CatalogScans.AppResult::app).toList())
                .as("apps whose scan does not match lab/catalog.json:%n%s%s", table, details)
                .isEmpty();
    }

    /** The fixed twins and the traps, each scanned three times in a row on one running process: CLEAN every time. */
    @Test
    void cleanAppsAreJudgedCleanInThreeConsecutiveRuns() throws IOException {
        LabCatalog catalog = LabCatalog.load(CATALOG);
        assertThat(catalog.apps().stream().filter(a -> a.expectedVerdict().equals("CLEAN")))
                .as("clean apps in the catalog").hasSizeGreaterThanOrEqualTo(10);
        List<LabCatalog.App> clean = selected(catalog).stream().filter(a -> a.expectedVerdict().equals("CLEAN"))
                .toList();
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
