package io.leakscan.engine;

import io.leakscan.analysis.Finding;
import io.leakscan.lab.Repo;
import io.leakscan.report.Check;
import io.leakscan.report.CheckRun;
import io.leakscan.report.OutcomeReports;
import io.leakscan.report.ScanReport;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 part 6 on real Echo apps: errpath-leaky leaks only on error branches (a rejected upload keeps its spool
 * file, a 401 leaves an audit goroutine waiting), so only the wrong-input rounds of a quick --echo-specific scan can
 * find it. Every input the catalog names is found with its kind, route and scope, and the title names the input;
 * the fixed twin is CLEAN although it got the same inputs.
 */
class ErrorPathScanIT {

    @Test
    void errorBranchLeaksAreFoundByTheirWrongInputAndTheFixedTwinIsClean() {
        LabCatalog catalog = LabCatalog.load(Repo.path("lab", "catalog.json"));
        LabCatalog.App leakyApp = catalog.apps().stream().filter(a -> a.name().equals("errpath-leaky")).findFirst()
                .orElseThrow();
        LabCatalog.App fixedApp = catalog.apps().stream().filter(a -> a.name().equals("errpath-fixed")).findFirst()
                .orElseThrow();
        CatalogScans scans = new CatalogScans();

        CatalogScans.AppResult leaky = scans.scan(leakyApp, 1);
        String table = CatalogScans.table(List.of(leaky)) + CatalogScans.details(List.of(leaky), true);
        System.out.println(table);
        assertThat(leaky.ok()).as(table).isTrue();
        List<Finding> findings = leaky.outcome().analysis().findings();
        for (LabCatalog.Route route : leakyApp.routes()) {
            assertThat(route.inputs()).as("the catalog's error-path expectations of " + route.route()).isNotEmpty();
            for (Map.Entry<String, LabCatalog.Expect> e : route.inputs().entrySet()) {
                ErrorInput input = ErrorInput.valueOf(e.getKey().toUpperCase(Locale.ROOT).replace('-', '_'));
                assertThat(findings).as(table).anySatisfy(f -> {
                    assertThat(f.endpoint()).isEqualTo(route.route());
                    assertThat(f.kind().name()).isEqualTo(e.getValue().kind());
                    assertThat(f.scope().name()).isEqualTo(e.getValue().scope());
                    assertThat(f.title()).contains("per rejected (4").endsWith("request with " + input.description());
                });
            }
        }
        assertThat(findings).extracting(Finding::title).as("the happy paths leak nothing")
                .noneMatch(t -> t.endsWith(" per request"));

        CatalogScans.AppResult fixed = scans.scan(fixedApp, 1);
        String fixedTable = CatalogScans.table(List.of(fixed)) + CatalogScans.details(List.of(fixed), true);
        System.out.println(fixedTable);
        assertThat(fixed.ok()).as(fixedTable).isTrue();
        assertThat(fixed.verdict()).isEqualTo("CLEAN");
        // the report says which wrong inputs the clean endpoints got
        ScanPlan plan = ScanPlan.of(new TargetSpec(URI.create("http://127.0.0.1:1"), Map.of()),
                fixedApp.routes().stream().map(LabCatalog.Route::toScanEndpoint).toList(), CatalogScans.profile(),
                true);
        ScanReport report = OutcomeReports.of("errpath-fixed", plan, fixed.outcome(), "it");
        assertThat(report.endpoints()).allSatisfy(e -> assertThat(e.checks())
                .filteredOn(c -> c.check() == Check.WRONG_INPUTS).singleElement()
                .satisfies(c -> assertThat(c.ran()).isTrue()).extracting(CheckRun::inputs)
                .satisfies(i -> assertThat(i).contains("invalid-auth")));
    }
}
