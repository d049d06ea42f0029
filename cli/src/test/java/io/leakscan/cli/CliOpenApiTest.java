package io.leakscan.cli;

import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --openapi} mistakes end with exit 2 and one precise line, before any load. */
class CliOpenApiTest {

    private static final String URL = "http://127.0.0.1:9";

    private static void usage(Cli.Result r, String line) {
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.toString()).isEqualTo(line + "\n");
        assertThat(r.out()).as("nothing on stdout").isEmpty();
    }

    @Test
    void aDescriptionThatDoesNotParseNamesTheLine(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("openapi.json"), "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {,}\n}");
        Cli.Result r = Cli.run("scan", URL, "--openapi", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("leakscan: --openapi: the description " + bad + " does not parse at line 3, "
                + "column 13: ").doesNotContain("\n  ");
    }

    @Test
    void autoFindingNothingListsThePathsTried() {
        Cli.Result r = Cli.run("scan", URL, "--openapi", "auto");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("leakscan: --openapi: no API description found on " + URL + "; tried "
                + "/swagger/doc.json -> ").contains("/swagger.json -> ", "/openapi.json -> ", "/openapi.yaml -> ",
                "/v3/api-docs -> ", "/api-docs -> ");
    }

    @Test
    void aGlobThatMatchesNothingIsNamed() throws Exception {
        Path doc = Repo.path("engine", "src", "test", "resources", "inventory", "swaggo-shop", "swagger.json");
        usage(Cli.run("scan", URL, "--openapi", doc.toString(), "--exclude", "/nowhere/*"),
                "leakscan: --openapi: the exclude glob '/nowhere/*' matches no operation in " + doc
                        + " (its routes look like GET /api/v1/admin/stats, POST /api/v1/avatars, "
                        + "GET /api/v1/legacy/ping)");
    }

    @Test
    void filtersWithoutADescriptionAreRefused() {
        usage(Cli.run("scan", URL, "--include", "GET /a"), "leakscan: --include, --exclude and --include-unsafe "
                + "filter a description: add --openapi FILE|URL|auto");
    }

    @Test
    void aDryRunPrintsEachFirstRequestWithSecretsMaskedAndSendsNothing() throws Exception {
        Path doc = Repo.path("engine", "src", "test", "resources", "inventory", "swaggo-shop", "swagger.json");
        Cli.Result r = Cli.run("scan", URL, "--openapi", doc.toString(), "--include-unsafe", "--include",
                "POST /api/v1/orders", "--header", "Authorization: Bearer s3cret", "--dry-run");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("POST /api/v1/orders\n  POST " + URL + "/api/v1/orders\n"
                + "  Authorization: ***\n  Content-Type: application/json\n  {\"customerId\":")
                .doesNotContain("s3cret");
        assertThat(r.err()).contains("1 endpoint from " + doc + ", 9 operations skipped");
    }
}
