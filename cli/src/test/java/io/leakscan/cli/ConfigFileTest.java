package io.leakscan.cli;

import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@code leakscan.yaml}: a good file drives the scan like the options it stands for; flags override it. */
class ConfigFileTest {

    private static final Map<String, String> ENV = Map.of("SHOP_TOKEN", "s3cret", "TENANT", "acme");

    private static final String FULL = """
            # the lab shop, as a team would describe it
            target: http://127.0.0.1:9
            headers:
              Authorization: Bearer ${SHOP_TOKEN}
            telemetry:
              url: http://127.0.0.1:6060
              headers:
                X-Admin: ${SHOP_TOKEN}
              paths: [/internal/mem]
            endpoints:
              - GET /users/:id /users/42
              - method: POST
                path: /orders
                body: {item: x, qty: 1, gift: false}
              - method: PUT
                path: /quotes/7
                route: /quotes/:id
                bodyFile: bodies/quote.form
                contentType: application/x-www-form-urlencoded
                headers:
                  X-Tenant: ${TENANT}
              - method: POST
                path: /notes
                body: '{"text": "costs $${HOME}"}'
            profile: quick
            echoSpecific: true
            tuning:
              loadRounds: 3
              settleSeconds: 5
            limits:
              rps: 50
              concurrency: 4
              maxDuration: 90s
            failOn: medium
            failOnInconclusive: true
            outputs:
              - format: sarif
                output: out/leakscan.sarif
              - format: summary
            """;

    private static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, text);
    }

    private static ScanCommand applied(Path cwd, String... args) {
        ScanCommand cmd = new ScanCommand(Terminal.PIPE, Clock.systemUTC(), ENV, cwd);
        CommandLine cl = new CommandLine(cmd);
        cl.parseArgs(args);
        Path file = ConfigDefaults.locate(cmd.config, cmd.noConfig, cwd);
        ConfigDefaults.apply(ConfigFileReader.read(file, ENV), cmd, cl.getParseResult());
        return cmd;
    }

    @Test
    void everyKeyReachesTheScanAsItsOptionWould(@TempDir Path dir) throws IOException {
        write(dir, "bodies/quote.form", "price=7&currency=EUR");
        Files.createDirectories(dir.resolve("out"));
        Path file = write(dir, "leakscan.yaml", FULL);

        ScanCommand cmd = applied(dir, "--config", file.toString());
        ScanSettings s = cmd.settings();

        assertThat(s.target()).hasToString("http://127.0.0.1:9");
        assertThat(s.headers()).containsExactly(Map.entry("Authorization", "Bearer s3cret"));
        assertThat(s.telemetryUrl()).hasToString("http://127.0.0.1:6060");
        assertThat(s.telemetryHeaders()).containsExactly(Map.entry("X-Admin", "s3cret"));
        assertThat(s.telemetryPaths()).containsExactly("/internal/mem");
        assertThat(s.endpoints()).extracting(e -> e.route().toString()).containsExactly("GET /users/:id",
                "POST /orders", "PUT /quotes/:id", "POST /notes");
        assertThat(s.endpoints().get(0).request().path()).isEqualTo("/users/42");
        assertThat(s.endpoints().get(1).request().body()).isEqualTo("{\"item\":\"x\",\"qty\":1,\"gift\":false}");
        assertThat(s.endpoints().get(1).request().contentType()).isEqualTo("application/json");
        assertThat(s.endpoints().get(2).request().body()).isEqualTo("price=7&currency=EUR");
        assertThat(s.endpoints().get(2).request().contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(s.endpoints().get(2).request().headers()).containsExactly(Map.entry("X-Tenant", "acme"));
        assertThat(s.endpoints().get(3).request().body()).isEqualTo("{\"text\": \"costs ${HOME}\"}");
        assertThat(s.profile().name()).isEqualToIgnoringCase("quick");
        assertThat(s.echoSpecific()).isTrue();
        assertThat(s.tuning().values()).containsExactly(Map.entry("loadRounds", 3), Map.entry("settleSeconds", 5));
        assertThat(s.tuning().overrides().loadRounds()).isEqualTo(3);
        assertThat(s.rps()).isEqualTo(50);
        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.maxDuration()).hasSeconds(90);
        assertThat(cmd.failOn).isEqualTo("medium");
        assertThat(cmd.failOnInconclusive).isTrue();
        assertThat(Outputs.of(cmd.outputs, true).all()).extracting(Outputs.Output::name, Outputs.Output::file)
                .containsExactly(tuple("sarif", dir.resolve("out/leakscan.sarif")),
                        tuple("summary", null));
        assertThat(ServerClient.body(s).toString()).contains("\"tuning\":{\"loadRounds\":3,\"settleSeconds\":5}");
    }

    /** The README scans the lab app with {@code --config lab/leakscan.yaml}: it must stay valid and name that app's routes. */
    @Test
    void theReadmesExampleFileNamesTheLabAppsRoutes() throws IOException {
        Path repo = Repo.root();
        // the README runs it from the root; Maven runs this test in cli/
        ScanSettings s = applied(repo, "--config", repo.resolve("lab/leakscan.yaml").toString()).settings();

        assertThat(s.target()).hasToString("http://127.0.0.1:8081");
        assertThat(s.endpoints()).extracting(e -> e.route().toString()).containsExactly("GET /users/:id", "GET /hello");
        String server = Files.readString(repo.resolve("lab/cmd/brief-middleware-leaky/server.go"));
        assertThat(server).contains("e.GET(\"/users/:id\"", "e.GET(\"/hello\"");
        assertThat(Files.readString(repo.resolve("README.md"))).contains("./leakscan scan --config lab/leakscan.yaml");
    }

    @Test
    void flagsOverrideTheFileAndHeadersMergeByName(@TempDir Path dir) throws IOException {
        write(dir, "bodies/quote.form", "price=7");
        Path file = write(dir, "leakscan.yaml", FULL);

        ScanSettings s = applied(dir, "http://127.0.0.1:8081", "--config", file.toString(), "--profile", "deep",
                "--endpoint", "GET /health", "--header", "authorization: Bearer other", "--header", "X-Extra: 1",
                "--rps", "7").settings();

        assertThat(s.target()).hasToString("http://127.0.0.1:8081");
        assertThat(s.profile().name()).isEqualToIgnoringCase("deep");
        assertThat(s.endpoints()).extracting(e -> e.route().toString()).containsExactly("GET /health");
        assertThat(s.headers()).containsExactly(Map.entry("authorization", "Bearer other"), Map.entry("X-Extra", "1"));
        assertThat(s.rps()).isEqualTo(7);
        assertThat(s.concurrency()).isEqualTo(4);
    }

    @Test
    void leakscanYamlInTheWorkingDirectoryIsReadAndNoConfigIgnoresIt(@TempDir Path dir) throws IOException {
        write(dir, "leakscan.yaml", """
                target: http://127.0.0.1:9
                endpoints:
                  - method: POST
                    path: /orders
                    body: {item: x}
                headers: {Authorization: "Bearer ${SHOP_TOKEN}"}
                """);

        Cli.Result r = Cli.runIn(dir, ENV, "scan", "--dry-run");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEqualTo("POST /orders\n  POST http://127.0.0.1:9/orders\n  Authorization: ***\n"
                + "  Content-Type: application/json\n  {\"item\":\"x\"}\n");
        assertThat(r.err()).startsWith("leakscan: settings from ./leakscan.yaml (the options given override them; "
                + "--no-config ignores the file)\nplan: memory on 1 endpoint sends about ");

        Cli.Result ignored = Cli.runIn(dir, ENV, "scan", "--no-config", "--dry-run");
        assertThat(ignored.code()).as(ignored.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ignored.err()).isEqualTo("leakscan: no target: give its URL, e.g. leakscan scan "
                + "http://127.0.0.1:8080, or set target: in leakscan.yaml\n");
    }

    @Test
    void anOpenApiFileIsRelativeToTheConfigFile(@TempDir Path dir) throws Exception {
        Path doc = Repo.path("engine", "src", "test", "resources", "inventory", "swaggo-shop", "swagger.json");
        Files.copy(doc, Files.createDirectories(dir.resolve("api")).resolve("swagger.json"));
        Path file = write(dir, "conf/leakscan.yaml", """
                target: http://127.0.0.1:9
                headers: {Authorization: "Bearer ${SHOP_TOKEN}"}
                openapi:
                  source: ../api/swagger.json
                  include: POST /api/v1/orders
                  includeUnsafe: true
                """);

        Cli.Result r = Cli.runIn(Repo.root(), ENV, "scan", "--config", file.toString(),
                "--dry-run");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("POST /api/v1/orders\n  POST http://127.0.0.1:9/api/v1/orders\n"
                + "  Authorization: ***\n  Content-Type: application/json\n  {\"customerId\":").doesNotContain("s3cret");
        assertThat(r.err()).contains("1 endpoint from " + dir.resolve("api/swagger.json"));
    }

    @Test
    void anEmptyFileChangesNothing(@TempDir Path dir) throws IOException {
        Path file = write(dir, "leakscan.yaml", "# nothing yet\n");
        ScanSettings s = applied(dir, "http://127.0.0.1:9", "--config", file.toString()).settings();
        assertThat(s.endpoints()).extracting(e -> e.route().toString()).containsExactly("GET /");
        assertThat(s.profile().name()).isEqualToIgnoringCase("memory");
    }
}
