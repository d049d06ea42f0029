package io.leakscan.engine;

import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The apps that serve pprof, expvar and Prometheus only on an admin listener, scanned with the telemetry URL at that
 * listener (the load still on the API's URL): the leaky app's leak is found on its route, the fixed twin and the
 * Echo v5 example are CLEAN, and no PROFILING_EXPOSED is reported for the admin listener the remedy recommends.
 */
class AdminListenerScanIT {

    private static final List<String> APPS = List.of("admin-listener-leaky", "admin-listener-fixed",
            "admin-listener-v5");

    @Test
    void appsWithTelemetryOnlyOnAnAdminListenerAreJudgedAsTheCatalogSays() throws IOException {
        LabCatalog catalog = LabCatalog.load(Repo.path("lab", "catalog.json"));
        List<LabCatalog.App> apps = catalog.apps().stream().filter(a -> APPS.contains(a.name())).toList();
        assertThat(apps).extracting(LabCatalog.App::name).containsExactlyInAnyOrderElementsOf(APPS);
        assertThat(apps).allMatch(LabCatalog.App::telemetryOnAdminListener);
        CatalogScans scans = new CatalogScans();
        List<CatalogScans.AppResult> results = new ArrayList<>();
        for (LabCatalog.App app : apps) {
            results.add(scans.scan(app, 1));
        }
        String table = CatalogScans.table(results);
        String details = CatalogScans.details(results, false);
        System.out.println(table + details);
        assertThat(results).extracting(CatalogScans.AppResult::verdict).as(table + details)
                .containsExactly("LEAKS_FOUND", "CLEAN", "CLEAN");
        assertThat(results.stream().filter(r -> !r.ok()).map(CatalogScans.AppResult::app).toList())
                .as("apps whose scan does not match lab/catalog.json:%n%s%s", table, details).isEmpty();
        assertThat(results).flatExtracting(r -> r.outcome().analysis().findings())
                .extracting(f -> f.kind().name()).as("the admin listener is where profiles belong")
                .doesNotContain("PROFILING_EXPOSED");
    }
}
