package io.leakscan.engine;

import io.leakscan.analysis.Finding;
import io.leakscan.lab.LabApp;
import io.leakscan.lab.LabAppExtension;
import io.leakscan.lab.Repo;
import io.leakscan.probe.CancellationToken;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twelve routes of the lab's shop service with quick, in two screening groups of six, each holding one of its two
 * leaks. The slots of the pooled rounds name the leaking member of each, so those two (and at most a neighbour each)
 * are probed alone; the other members are screened again together, clean. Before, all twelve were probed alone.
 */
class ScreeningAttributionIT {

    @RegisterExtension
    static LabAppExtension service = LabAppExtension.of("service-leaky");

    @Test
    void onlyTheLeakingMemberOfADirtyGroupIsProbedAloneAndTheVerdictIsExact(LabApp app) {
        LabCatalog.App shop = LabCatalog.load(Repo.path("lab", "catalog.json")).apps().stream()
                .filter(a -> a.name().equals("service-leaky")).findFirst().orElseThrow();
        // Two groups of six, each around one leak: the orders routes (POST /api/v1/orders leaks goroutines) and the
        // admin routes (POST /api/v1/admin/reports leaks heap); half the service's routes, half the build time
        List<ScanEndpoint> endpoints = Stream.concat(shop.routes().subList(9, 15).stream(),
                shop.routes().subList(25, 31).stream()).map(LabCatalog.Route::toScanEndpoint).toList();
        assertThat(endpoints).extracting(e -> e.route().toString())
                .contains("POST /api/v1/orders", "POST /api/v1/admin/reports").hasSize(12);
        ScanEngine engine = new ScanEngine(TargetPolicy.loopbackOnly(), ProbeLimits.DEFAULT_SERVER_MAXIMA,
                Clock.systemUTC());

        ScanOutcome outcome = engine.run(ScanPlan.of(new TargetSpec(app.baseUrl(), Map.of(), null, Map.of()),
                endpoints, ScanProfile.QUICK, false), new ScanListener() { }, new CancellationToken());

        assertThat(outcome.status()).isEqualTo(ScanEnd.SUCCEEDED);
        Set<String> leaks = outcome.analysis().findings().stream()
                .filter(f -> CatalogScans.LEAK_KINDS.contains(f.kind()))
                .map(ScreeningAttributionIT::describe).collect(Collectors.toSet());
        assertThat(leaks).containsExactlyInAnyOrder(
                "POST /api/v1/orders GOROUTINE_LEAK HANDLER",
                "POST /api/v1/admin/reports HEAP_GROWTH HANDLER");
        Set<String> probedAlone = outcome.endpoints().stream()
                .filter(e -> e.rounds().stream().anyMatch(r -> r.analyzed() && r.purpose().equals("load")))
                .map(e -> e.route().toString()).collect(Collectors.toSet());
        String rounds = outcome.endpoints().stream().map(e -> e.route() + ": " + e.rounds().stream()
                .map(r -> r.purpose() + (r.analyzed() ? "" : "(aside)")).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"));
        // A sparse post-GC heap reading may give the leaker's neighbour a share of its rise large enough to name it
        // too: at most one neighbour each, against the twelve members of the two groups before.
        assertThat(probedAlone).as("endpoints with load rounds of their own:%n%s", rounds)
                .contains("POST /api/v1/orders", "POST /api/v1/admin/reports").hasSizeLessThanOrEqualTo(4);
        assertThat(outcome.endpoints()).as("every endpoint judged on analyzed load or screening rounds")
                .allMatch(e -> e.streaming() || e.rounds().stream().anyMatch(r -> r.analyzed()
                        && (r.purpose().equals("load") || r.purpose().equals("screen"))));
    }

    private static String describe(Finding f) {
        return f.endpoint() + " " + f.kind() + " " + f.scope();
    }
}
