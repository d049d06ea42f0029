package io.leakscan.engine;

import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog reader on the real lab/catalog.json: the fields the accuracy scans depend on. */
class LabCatalogTest {

    private final LabCatalog catalog = LabCatalog.load(Repo.path("lab", "catalog.json"));

    @Test
    void appsWithTelemetryOnlyOnAnAdminListenerAreExpectedAsTheCatalogSaysWhenScannedThroughIt() {
        List<LabCatalog.App> admin = catalog.apps().stream().filter(LabCatalog.App::telemetryOnAdminListener).toList();
        assertThat(admin).extracting(LabCatalog.App::name)
                .contains("admin-listener-leaky", "admin-listener-fixed", "admin-listener-v5");
        assertThat(admin).allSatisfy(a -> assertThat(a.telemetry()).as(a.name() + " telemetry").isNotEmpty());
        LabCatalog.App leaky = admin.stream().filter(a -> a.name().equals("admin-listener-leaky")).findFirst()
                .orElseThrow();
        // the scans point the telemetry URL at the admin listener, so the catalog's verdict is the one to reach
        assertThat(CatalogScans.expectedVerdict(leaky)).isEqualTo("LEAKS_FOUND");
        assertThat(catalog.apps())
                .allSatisfy(a -> assertThat(CatalogScans.expectedVerdict(a)).isEqualTo(a.expectedVerdict()));
    }

    @Test
    void theServiceAppsRequestsCarryBodiesAndTheAdminHeader() {
        LabCatalog.App service = catalog.apps().stream().filter(a -> a.name().equals("service-leaky")).findFirst()
                .orElseThrow();
        assertThat(service.routes()).hasSizeGreaterThanOrEqualTo(25);
        LabCatalog.Route order = service.routes().stream()
                .filter(r -> r.route().method().equals("POST") && r.route().path().equals("/api/v1/orders"))
                .findFirst().orElseThrow();
        assertThat(order.request().body()).contains("\"reference\"");
        assertThat(order.request().contentType()).isEqualTo("application/json");
        assertThat(order.expect()).containsExactly(new LabCatalog.Expect("GOROUTINE_LEAK", "HANDLER"));
        assertThat(service.routes()).filteredOn(r -> r.route().path().startsWith("/api/v1/admin/"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.request().headers()).containsEntry("Authorization", "Bearer lab-token"));
    }
}
