package io.leakscan.cli;

import io.leakscan.report.ReportFormat;
import io.leakscan.report.ReportJson;
import io.leakscan.report.ReportOptions;
import io.leakscan.report.ScanReport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static io.leakscan.cli.CliBaselineTest.URL;
import static io.leakscan.cli.CliBaselineTest.usage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --module-dir} and {@code --source-root}: a Go module in a folder of its repository gets repository paths in
 * SARIF, the annotations and the summary; a malformed value is a usage error before any scan.
 */
class CliSourcePathsTest {

    @Test
    void malformedSourceOptionsAreUsageErrorsBeforeAnyScan() {
        usage(Cli.run("scan", URL, "--module-dir", "../orders"), "leakscan: --module-dir: the module's folder must "
                + "lie inside the repository (no '..'): ../orders");
        usage(Cli.run("scan", URL, "--module-dir", "/repo/orders"), "leakscan: --module-dir: the module's folder "
                + "must be relative to the repository's root, not absolute: /repo/orders");
        usage(Cli.run("scan", URL, "--source-root", "build"), "leakscan: --source-root must be an absolute path as "
                + "compiled into the binary (the files in the goroutine stacks), e.g. /build: build");
        usage(Cli.run("results", "x", "--server", URL, "--api-key", "k", "--module-dir", "a/../b"),
                "leakscan: --module-dir: the module's folder must lie inside the repository (no '..'): a/../b");
    }

    @Test
    void theModuleFolderPrefixesTheSummarysAndSarifsSourcePaths() throws IOException {
        String json = Files.readString(CliBaselineTest.GOLDEN)
                .replace("\"finishedAt\" : \"{{instant}}\"", "\"finishedAt\" : \"2026-11-29T16:45:29.400Z\"")
                .replace("{{instant}}", "2026-11-29T16:45:00Z");
        ScanReport report = ReportJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        SourceOptions options = new SourceOptions();
        options.moduleDir = "services/lab/";
        options.sourceRoot = "/src/lab";
        ReportOptions reportOptions = options.reportOptions();
        assertThat(options.set()).isTrue();

        assertThat(new Summary(false, reportOptions).render(report))
                .contains("services/lab/cmd/brief-stream-leaky/server.go:")
                .doesNotContain(" cmd/brief-stream-leaky/server.go:");
        assertThat(new Summary(false).render(report)).contains("cmd/brief-stream-leaky/server.go:")
                .doesNotContain("services/lab/");

        JsonNode run = JsonMapper.builder().build()
                .readTree(ReportFormat.SARIF.renderToString(report, reportOptions)).at("/runs/0");
        assertThat(run.at("/results/0/locations/0/physicalLocation/artifactLocation/uri").asString())
                .isEqualTo("services/lab/cmd/brief-stream-leaky/server.go");
        assertThat(ReportFormat.GITHUB.renderToString(report, reportOptions))
                .contains("file=services/lab/cmd/brief-stream-leaky/server.go,line=");
        assertThat(new SourceOptions().set()).isFalse();
    }
}
