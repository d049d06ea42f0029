package io.leakscan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies and headers on the command line ({@code --data}, {@code --content-type}, {@code --header}) and in an
 * endpoints file: what a dry run shows the scan would send, what {@code --server} submits, and each bad input as one
 * line with exit 2.
 */
class CliBodiesTest {

    private static final String URL = "http://127.0.0.1:9";

    private static void usage(Cli.Result r, String line) {
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.toString()).isEqualTo(line + "\n");
        assertThat(r.out()).as("nothing on stdout").isEmpty();
    }

    private static ScanSettings settings(String... args) {
        ScanCommand cmd = new ScanCommand(Terminal.PIPE, Clock.systemUTC());
        new picocli.CommandLine(cmd).parseArgs(args);
        return cmd.settings();
    }

    @Test
    void dataAndContentTypeBelongToTheEndpointTheyFollow(@TempDir Path dir) throws IOException {
        Path form = dir.resolve("form.txt");
        Files.writeString(form, "name=ACME&qty=2");
        Cli.Result r = Cli.run("scan", URL, "--header", "Authorization: Bearer s3cret",
                "--endpoint", "POST /orders", "--data", "{\"item\":\"x\",\"qty\":1}",
                "--endpoint", "GET /users/42",
                "--endpoint", "PUT /quotes/:id /quotes/7", "--content-type", "application/x-www-form-urlencoded",
                "--data", "@" + form, "--dry-run");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEqualTo("""
                POST /orders
                  POST %1$s/orders
                  Authorization: ***
                  Content-Type: application/json
                  {"item":"x","qty":1}
                GET /users/42
                  GET %1$s/users/42
                  Authorization: ***
                PUT /quotes/:id
                  PUT %1$s/quotes/7
                  Authorization: ***
                  Content-Type: application/x-www-form-urlencoded
                  name=ACME&qty=2
                """.formatted(URL)).doesNotContain("s3cret");
    }

    @Test
    void theServerGetsEachBodyWithItsTypeAndTheHeadersForEveryEndpoint() {
        String json = ServerClient.body(settings(URL, "--header", "Authorization: Bearer t", "--endpoint",
                "POST /orders", "--data", "[1, 2]", "--endpoint", "DELETE /orders/1", "--data", "x=1",
                "--content-type", "text/plain; charset=utf-8")).toString();
        assertThat(json).contains("\"target\":{\"baseUrl\":\"" + URL + "\",\"headers\":{\"Authorization\":\"Bearer t\"}}",
                "{\"method\":\"POST\",\"path\":\"/orders\",\"body\":\"[1, 2]\",\"contentType\":\"application/json\","
                        + "\"headers\":{}}",
                "{\"method\":\"DELETE\",\"path\":\"/orders/1\",\"body\":\"x=1\",\"contentType\":\"text/plain; "
                        + "charset=utf-8\",\"headers\":{}}");
    }

    @Test
    void anEndpointsFileLineCarriesItsOwnBodyTypeAndHeaders(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bodies"));
        Files.writeString(dir.resolve("bodies/order.json"), "{\"customerId\": 1}\n");
        Path file = dir.resolve("endpoints.txt");
        Files.writeString(file, """
                # the checkout flow
                POST /api/v1/orders --data @bodies/order.json --header "X-Tenant: acme 7"
                PATCH /api/v1/orders/:id /api/v1/orders/1 --content-type=application/merge-patch+json --data '{"note": "it\\'s"}'
                GET /api/v1/orders
                """.replace("\\'", "'\"'\"'"));
        ScanSettings s = settings(URL, "--endpoints-file", file.toString());
        assertThat(s.endpoints()).hasSize(3);
        var post = s.endpoints().get(0).request();
        assertThat(post.body()).isEqualTo("{\"customerId\": 1}\n");
        assertThat(post.contentType()).isEqualTo("application/json");
        assertThat(post.headers()).containsExactly(Map.entry("X-Tenant", "acme 7"));
        var patch = s.endpoints().get(1);
        assertThat(patch.route().path()).isEqualTo("/api/v1/orders/:id");
        assertThat(patch.request().path()).isEqualTo("/api/v1/orders/1");
        assertThat(patch.request().body()).isEqualTo("{\"note\": \"it's\"}");
        assertThat(patch.request().contentType()).isEqualTo("application/merge-patch+json");
        assertThat(s.endpoints().get(2).request().body()).isNull();

        Cli.Result dry = Cli.run("scan", URL, "--endpoints-file", file.toString(), "--dry-run");
        assertThat(dry.out()).contains("  X-Tenant: ***\n").doesNotContain("acme 7");
    }

    @Test
    void badBodiesAreRefusedWithWhatIsWrong(@TempDir Path dir) throws IOException {
        usage(Cli.run("scan", URL, "--endpoint", "GET /users", "--data", "{}"),
                "leakscan: --data for --endpoint \"GET /users\": GET requests carry no body; use POST, PUT, PATCH "
                        + "or DELETE");
        usage(Cli.run("scan", URL, "--endpoint", "HEAD /users", "--data", "{}"),
                "leakscan: --data for --endpoint \"HEAD /users\": HEAD requests carry no body; use POST, PUT, PATCH "
                        + "or DELETE");
        Path missing = dir.resolve("nope.json");
        usage(Cli.run("scan", URL, "--endpoint", "POST /orders", "--data", "@" + missing),
                "leakscan: cannot read --data @" + missing + " for --endpoint \"POST /orders\": " + missing
                        + ": no such file");
        usage(Cli.run("scan", URL, "--endpoint", "POST /orders", "--data", "@"),
                "leakscan: --data for --endpoint \"POST /orders\": '@' needs a file name, e.g. @body.json");
        usage(Cli.run("scan", URL, "--endpoint", "POST /orders", "--data", "{\"item\": \"x\",}"),
                "leakscan: --data for --endpoint \"POST /orders\" is not JSON (Unexpected character ('}' (code 125)): "
                        + "was expecting double-quote to start property name at line 1, column 14); name its type "
                        + "with --content-type, e.g. application/x-www-form-urlencoded");
        usage(Cli.run("scan", URL, "--endpoint", "POST /orders", "--data", "item=x", "--content-type",
                        "application/json"),
                "leakscan: --data for --endpoint \"POST /orders\" is not valid JSON: Unrecognized token 'item': "
                        + "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at "
                        + "line 1, column 1");
        usage(Cli.run("scan", URL, "--endpoint", "POST /orders", "--data", "a=1", "--content-type", "form"),
                "leakscan: invalid --content-type 'form' for --endpoint \"POST /orders\": expected a media type such "
                        + "as application/json or application/x-www-form-urlencoded");
        usage(Cli.run("scan", URL, "--endpoint", "POST /orders", "--content-type", "application/json"),
                "leakscan: --content-type for --endpoint \"POST /orders\" without --data: there is no body to type");
        usage(Cli.run("scan", URL, "--data", "{}", "--endpoint", "POST /orders"),
                "leakscan: --data must follow the --endpoint it belongs to, e.g. --endpoint \"POST /orders\" --data "
                        + "@order.json");
        usage(Cli.run("scan", URL, "--endpoint", "POST /orders", "--data", "{}", "--data", "[]"),
                "leakscan: --endpoint \"POST /orders\" has two --data; give one body per endpoint");
        usage(Cli.run("scan", URL, "--endpoint", "POST /orders", "--data", "x".repeat(65_537),
                        "--content-type", "text/plain"),
                "leakscan: --data for --endpoint \"POST /orders\" is 65537 characters long; at most 65536 are allowed");
    }

    @Test
    void badHeadersAreRefusedWithoutEchoingTheirValue(@TempDir Path dir) throws IOException {
        usage(Cli.run("scan", URL, "--header", "X-Token=s3cret"),
                "leakscan: invalid --header 'X-Token=s3cret': expected \"Name: value\", e.g. \"Authorization: "
                        + "Bearer ...\"");
        usage(Cli.run("scan", URL, "--header", "Bad Name: s3cret"),
                "leakscan: invalid --header 'Bad Name: ***': expected \"Name: value\", e.g. \"Authorization: "
                        + "Bearer ...\"");
        usage(Cli.run("scan", URL, "--header", "Host: evil.example"),
                "leakscan: invalid --header Host: the scanner sets this header itself");
        usage(Cli.run("scan", URL, "--header", "Content-Length: 5"),
                "leakscan: invalid --header Content-Length: the scanner sets this header itself");
        Path file = dir.resolve("endpoints.txt");
        Files.writeString(file, "POST /orders --header 'Authorization Bearer s3cret'\n");
        usage(Cli.run("scan", URL, "--endpoints-file", file.toString()),
                "leakscan: invalid --header on endpoint in " + file + " line 1 'Authorization Bearer...': expected "
                        + "\"Name: value\", e.g. \"Authorization: Bearer ...\"");
    }

    @Test
    void badEndpointsFileLinesNameTheLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("endpoints.txt");
        Files.writeString(file, "GET /a\nPOST /orders --body '{}'\n");
        usage(Cli.run("scan", URL, "--endpoints-file", file.toString()),
                "leakscan: invalid endpoint in " + file + " line 2: unknown option '--body'; a line takes --data, "
                        + "--content-type and --header");
        Files.writeString(file, "POST /orders --data '{\"a\": 1}\n");
        usage(Cli.run("scan", URL, "--endpoints-file", file.toString()),
                "leakscan: invalid endpoint in " + file + " line 1: unclosed ' quote");
        Files.writeString(file, "POST /orders --data\n");
        usage(Cli.run("scan", URL, "--endpoints-file", file.toString()),
                "leakscan: invalid endpoint in " + file + " line 1: --data needs a value");
        Files.writeString(file, "GET /orders --data '{}'\n");
        usage(Cli.run("scan", URL, "--endpoints-file", file.toString()),
                "leakscan: --data for endpoint in " + file + " line 1: GET requests carry no body; use POST, PUT, "
                        + "PATCH or DELETE");
        Files.writeString(file, "POST /orders --data @missing.json\n");
        usage(Cli.run("scan", URL, "--endpoints-file", file.toString()),
                "leakscan: cannot read --data @missing.json for endpoint in " + file + " line 1: "
                        + dir.toAbsolutePath().resolve("missing.json") + ": no such file");
    }
}
