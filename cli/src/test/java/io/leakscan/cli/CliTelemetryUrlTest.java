package io.leakscan.cli;

import io.leakscan.target.AddressGuard;
import io.leakscan.target.TargetNotAllowedException;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --telemetry-url} and {@code --telemetry-header}: a second address, under the same rules as the URL. */
class CliTelemetryUrlTest {

    private static final String URL = "http://127.0.0.1:9";

    private static ScanSettings settings(String... args) {
        ScanCommand cmd = new ScanCommand(Terminal.PIPE, Clock.systemUTC());
        new picocli.CommandLine(cmd).parseArgs(args);
        return cmd.settings();
    }

    private static void usage(Cli.Result r, String line) {
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.toString()).isEqualTo(line + "\n");
    }

    @Test
    void telemetryIsReadFromTheAdminListenerWhileLoadGoesToTheUrl() {
        ScanSettings s = settings(URL, "--header", "Authorization: Bearer api", "--telemetry-url",
                "http://127.0.0.1:6060", "--telemetry-header", "X-Admin: k");
        TargetSpec plan = LocalScan.plan(s).target();
        assertThat(plan.baseUrl()).isEqualTo(URI.create(URL));
        assertThat(plan.telemetryTarget()).isEqualTo(new TargetSpec(URI.create("http://127.0.0.1:6060"),
                Map.of("X-Admin", "k")));
    }

    @Test
    void theTelemetryHostJoinsTheAllowListTheCommandLineMakes() {
        ScanSettings s = settings("http://localhost:8081", "--telemetry-url", "http://10.1.2.3:6060");
        var guard = new AddressGuard(LocalScan.policyFor(s));
        guard.checkWithoutLookup("10.1.2.3");
        assertThatThrownBy(() -> guard.checkWithoutLookup("10.1.2.4")).isInstanceOf(TargetNotAllowedException.class);
    }

    @Test
    void theServerGetsTelemetryBaseUrlAndHeaders() {
        String json = ServerClient.body(settings(URL, "--telemetry-url", "http://127.0.0.1:6060/",
                "--telemetry-header", "X-Admin: k", "--telemetry", "/internal/mem")).toString();
        assertThat(json).contains("\"telemetry\":{\"baseUrl\":\"http://127.0.0.1:6060/\",\"headers\":{\"X-Admin\":"
                + "\"k\"},\"paths\":[\"/internal/mem\"]}");
    }

    @Test
    void aDryRunSaysWhereTelemetryIsReadWithoutHeaderValues() {
        Cli.Result r = Cli.run("scan", URL, "--telemetry-url", "http://127.0.0.1:6060", "--telemetry-header",
                "X-Admin: s3cret", "--dry-run");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).endsWith("telemetry from http://127.0.0.1:6060 with X-Admin: ***\n")
                .doesNotContain("s3cret");
    }

    @Test
    void badTelemetryAddressesAreRefusedBeforeAnyTraffic() {
        usage(Cli.run("scan", URL, "--telemetry-url", "127.0.0.1:6060"), "leakscan: invalid --telemetry-url "
                + "'127.0.0.1:6060': must be an absolute http or https URL with a host, e.g. http://127.0.0.1:8080");
        usage(Cli.run("scan", URL, "--telemetry-url", "http://169.254.169.254/"), "leakscan: invalid "
                + "--telemetry-url 'http://169.254.169.254/': 169.254.169.254 is a link-local/cloud metadata "
                + "address and is never scanned");
        usage(Cli.run("scan", URL, "--telemetry-url", "http://2130706433:6060/"), "leakscan: invalid "
                + "--telemetry-url 'http://2130706433:6060/': 2130706433 is a non-canonical numeric IPv4 spelling (most "
                + "resolvers read it as 127.0.0.1); write the address in dotted-decimal form");
        usage(Cli.run("scan", URL, "--telemetry-url", "http://admin:pw@127.0.0.1:6060"), "leakscan: invalid "
                + "--telemetry-url 'http://***@127.0.0.1:6060': user info is not allowed; pass credentials with "
                + "--telemetry-header \"Authorization: ...\"");
        usage(Cli.run("scan", URL, "--telemetry-header", "X-Admin"), "leakscan: invalid --telemetry-header "
                + "'X-Admin': expected \"Name: value\", e.g. \"Authorization: Bearer ...\"");
    }
}
