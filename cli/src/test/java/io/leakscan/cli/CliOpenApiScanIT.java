package io.leakscan.cli;

import io.leakscan.analysis.FindingKind;
import io.leakscan.engine.ScanEnd;
import io.leakscan.lab.LabAppExtension;
import io.leakscan.report.ReportJson;
import io.leakscan.report.ScanReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's scan of a whole service, literally: {@code --openapi auto --include-unsafe} and one header for auth,
 * against the lab's 31-route shop service, whose two leaks run only with a valid JSON body (one also behind the
 * admin token). No route is typed: swaggo's description gives them all, with bodies. Quick profile, to keep the build
 * short; the catalog scans the same app with every profile.
 */
class CliOpenApiScanIT {

    /** The kinds that say "this leaks", as lab/catalog.json's expectations name them. */
    static final Set<FindingKind> LEAKS = EnumSet.of(FindingKind.GOROUTINE_LEAK, FindingKind.LINGERING_GOROUTINES,
            FindingKind.ABORT_IGNORED, FindingKind.HEAP_GROWTH, FindingKind.FD_LEAK,
            FindingKind.KEY_CARDINALITY_GROWTH);

    @RegisterExtension
    static LabAppExtension service = LabAppExtension.of("service-leaky");

    @Test
    void theWholeServiceFromItsDescriptionFindsBothLeaksAndNothingElse(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("scan", service.baseUrl().toString(), "--openapi", "auto", "--include-unsafe",
                "--header", "Authorization: Bearer lab-token", "--profile", "quick",
                "--format", "json", "--output", dir.resolve("r.json").toString(), "--format", "summary");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.err()).as("auto names where the description came from")
                .contains(service.baseUrl() + "/swagger/doc.json");
        ScanReport report;
        try (InputStream in = Files.newInputStream(dir.resolve("r.json"))) {
            report = ReportJson.read(in);
        }
        assertThat(report.scan().status()).isEqualTo(ScanEnd.SUCCEEDED);
        assertThat(report.endpoints().size()).as("every described operation but the skipped ones")
                .isGreaterThanOrEqualTo(25);
        Set<String> leaks = report.findings().stream().filter(f -> LEAKS.contains(f.kind()))
                .map(f -> f.endpoint() + " " + f.kind() + " " + f.scope()).collect(Collectors.toSet());
        assertThat(leaks).as(r.toString()).containsExactlyInAnyOrder(
                "POST /api/v1/orders GOROUTINE_LEAK HANDLER",
                "POST /api/v1/admin/reports HEAP_GROWTH HANDLER");
    }
}
