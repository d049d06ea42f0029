package io.leakscan.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HttpPreflightTest {

    private static final TargetClientOptions OPTIONS = TargetClientOptions.defaults()
            .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5));
    /** Advances 7 ms per reading so the measured base latency is deterministic. */
    private final Clock clock = new Clock() {
        private final AtomicInteger readings = new AtomicInteger();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.parse("2026-11-29T17:00:00Z").plusMillis(7L * readings.getAndIncrement());
        }
    };

    private PreflightResult check(URI url, TargetPolicy policy, TargetClientOptions options) {
        return new HttpPreflight(policy, clock, options).check(new TargetSpec(url, Map.of("Authorization", "Bearer t")));
    }

    private PreflightResult check(URI url) {
        return check(url, TargetPolicy.loopbackOnly(), OPTIONS);
    }

    private static EchoFingerprint passed(PreflightResult result) {
        assertThat(result).isInstanceOf(PreflightResult.Passed.class);
        return ((PreflightResult.Passed) result).fingerprint();
    }

    private static PreflightResult.Failed failed(PreflightResult result) {
        assertThat(result).isInstanceOf(PreflightResult.Failed.class);
        return (PreflightResult.Failed) result;
    }

    @ParameterizedTest(name = "a server answering like Echo {0} is fingerprinted as Echo")
    @ValueSource(strings = {"v4.16.0", "v5.4.4"})
    void echoLikeTargetPasses(String version) {
        try (TestServers.Replay server = new TestServers.Replay(version)) {
            EchoFingerprint fp = passed(check(server.url()));
            assertThat(fp.echo()).isTrue();
            assertThat(fp.majorVersion()).isNull();
            assertThat(fp.confidence()).isEqualTo(0.95);
            assertThat(fp.evidence().getFirst()).isEqualTo("GET " + server.url() + " -> 200 in 7 ms");
            assertThat(fp.evidence()).anySatisfy(e -> assertThat(e).matches(
                    "GET /__leakscan_probe_[0-9a-f]{16} -> 404 application/json, .*matches Echo's default 404"));
            assertThat(fp.evidence()).anySatisfy(e -> assertThat(e).startsWith(
                    "TRACE / -> 405 application/json, Allow: OPTIONS, GET").endsWith("matches Echo's default 405"));

            assertThat(server.received).extracting(TestServers.Received::method)
                    .containsExactly("GET", "GET", "TRACE");
            assertThat(server.received.get(1).path()).matches("/__leakscan_probe_[0-9a-f]{16}");
            assertThat(server.received).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer t"));
        }
    }

    @Test
    void oldEchoV4IsIdentifiedByVersion() {
        try (TestServers.Replay server = new TestServers.Replay("v4.11.4")) {
            EchoFingerprint fp = passed(check(server.url()));
            assertThat(fp.echo()).isTrue();
            assertThat(fp.majorVersion()).isEqualTo(4);
        }
    }

    @Test
    void nonEchoTargetStillPassesWithEchoFalse() {
        try (TestServers.Replay server = new TestServers.Replay("go-nethttp-1.26.8")) {
            EchoFingerprint fp = passed(check(server.url()));
            assertThat(fp.echo()).isFalse();
            assertThat(fp.majorVersion()).isNull();
            assertThat(fp.confidence()).isZero();
            assertThat(fp.evidence()).anySatisfy(e -> assertThat(e).contains("404 page not found: not Echo's "
                    + "default 404"));
        }
    }

    @Test
    void baseUrlWithAPathThatAnswers404SkipsThe405Check() {
        try (TestServers.Replay server = new TestServers.Replay("v5.4.4")) {
            EchoFingerprint fp = passed(check(URI.create(server.url() + "/api/v1")));
            assertThat(fp.echo()).isTrue();
            assertThat(fp.confidence()).isEqualTo(0.6);
            assertThat(fp.evidence()).contains("405 check skipped: found no route to send an unused method to");
            assertThat(server.received).extracting(TestServers.Received::path)
                    .first().isEqualTo("/api/v1");
            assertThat(server.received.get(1).path()).matches("/__leakscan_probe_[0-9a-f]{16}");
            assertThat(server.received.subList(2, server.received.size()))
                    .extracting(r -> r.method() + " " + r.path())
                    .containsExactly("TRACE /healthz", "TRACE /health", "TRACE /ping", "TRACE /status",
                            "TRACE /metrics", "TRACE /debug/pprof/");
        }
    }

    @Test
    void whenTheBaseUrlIsNoRouteThe405CheckUsesACommonHealthRoute() {
        try (TestServers.Replay server = new TestServers.Replay("v4.16.0")) {
            server.routes = Set.of("/ping");
            EchoFingerprint fp = passed(check(server.url()));
            assertThat(fp.echo()).isTrue();
            assertThat(fp.confidence()).isEqualTo(0.95);
            assertThat(fp.evidence()).anySatisfy(e -> assertThat(e).startsWith("TRACE /ping -> 405 application/json")
                    .endsWith("matches Echo's default 405"));
            assertThat(server.received).extracting(r -> r.method() + " " + r.path()).endsWith(
                    "TRACE /healthz", "TRACE /health", "TRACE /ping");
        }
    }

    @Test
    void anEndlessStreamAtTheBaseUrlIsNotWaitedFor() {
        try (TestServers.Replay server = new TestServers.Replay("v5.4.4")) {
            EchoFingerprint fp = passed(check(URI.create(server.url() + "/events")));
            assertThat(fp.evidence().getFirst()).isEqualTo("GET " + server.url() + "/events -> 200 in 7 ms");
            assertThat(fp.evidence()).anySatisfy(e -> assertThat(e).startsWith("TRACE /events -> 405"));
            assertThat(fp.evidence()).anySatisfy(e -> assertThat(e).matches("GET /__leakscan_probe_[0-9a-f]{16} "
                    + "-> 404 .*"));
            assertThat(fp.echo()).isTrue();
            assertThat(fp.confidence()).isEqualTo(0.95);
        }
    }

    @Test
    void aFingerprintRequestThatFailsIsEvidenceNotAFailedPreflight() {
        try (TestServers.Replay server = new TestServers.Replay("v5.4.4")) {
            server.hangOnUnknownPaths = true;
            TargetClientOptions quick = OPTIONS.withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(500));
            EchoFingerprint fp = passed(check(server.url(), TargetPolicy.loopbackOnly(), quick));
            assertThat(fp.evidence()).anySatisfy(e -> assertThat(e).matches("GET /__leakscan_probe_[0-9a-f]{16} "
                    + "failed: 127\\.0\\.0\\.1:\\d+ accepted the connection but sent no response within 500 ms"));
            assertThat(fp.echo()).isTrue(); // the 405 alone still says Echo
            assertThat(fp.confidence()).isEqualTo(0.5);
        }
    }

    @Test
    void theProbePathIsTriedUnderTheBasePathWhenTheRootIsNotEcho() {
        // an app mounted below /api by a proxy: the root belongs to the proxy, the app answers under /api
        try (TestServers.Replay server = new TestServers.Replay("v5.4.4")) {
            server.notFoundOutside = "/api/";
            EchoFingerprint fp = passed(check(URI.create(server.url() + "/api/")));
            assertThat(server.received).extracting(TestServers.Received::path).element(1).asString()
                    .matches("/__leakscan_probe_[0-9a-f]{16}");
            assertThat(server.received).extracting(TestServers.Received::path).element(2).asString()
                    .matches("/api/__leakscan_probe_[0-9a-f]{16}");
            assertThat(fp.evidence()).anySatisfy(e -> assertThat(e).matches("GET /api/__leakscan_probe_[0-9a-f]{16}"
                    + " -> 404 application/json, .*matches Echo's default 404"));
            assertThat(fp.echo()).isTrue();
        }
    }

    @Test
    void aServerErrorOnTheBaseUrlIsStillAnAnswer() {
        try (TestServers.Replay server = new TestServers.Replay("v4.16.0")) {
            server.rootStatus = 500;
            EchoFingerprint fp = passed(check(server.url()));
            assertThat(fp.evidence().getFirst()).endsWith("-> 500 in 7 ms");
            assertThat(fp.echo()).isTrue();
        }
    }

    @Test
    void closedPortIsConnectionRefused() {
        int port = TestServers.closedPort();
        PreflightResult.Failed f = failed(check(URI.create("http://127.0.0.1:" + port + "/")));
        assertThat(f.code()).isEqualTo(FailureCode.CONNECTION_REFUSED);
        assertThat(f.message()).isEqualTo("connection refused by 127.0.0.1:" + port + " — is the service running?");
    }

    @Test
    void silentServerIsATimeout() throws Exception {
        try (TestServers.Silent server = new TestServers.Silent(false)) {
            TargetClientOptions quick = OPTIONS.withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(300));
            PreflightResult.Failed f = failed(check(URI.create("http://127.0.0.1:" + server.port()),
                    TargetPolicy.loopbackOnly(), quick));
            assertThat(f.code()).isEqualTo(FailureCode.TIMEOUT);
            assertThat(f.message()).isEqualTo("127.0.0.1:" + server.port()
                    + " accepted the connection but sent no response within 300 ms");
        }
    }

    @Test
    void serverThatHangsUpIsATargetError() throws Exception {
        try (TestServers.Silent server = new TestServers.Silent(true)) {
            PreflightResult.Failed f = failed(check(URI.create("http://127.0.0.1:" + server.port())));
            assertThat(f.code()).isEqualTo(FailureCode.TARGET_ERROR);
            assertThat(f.message()).isEqualTo("127.0.0.1:" + server.port()
                    + " closed the connection before sending a complete response");
        }
    }

    @Test
    void httpsToAPlainHttpPortIsATlsError() {
        try (TestServers.Replay server = new TestServers.Replay("v5.4.4")) {
            TargetClientOptions quick = OPTIONS.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
            PreflightResult.Failed f = failed(check(URI.create("https://127.0.0.1:" + server.port() + "/"),
                    TargetPolicy.loopbackOnly(), quick));
            // The JDK server usually waits for a line end that a ClientHello never sends (the handshake times out),
            // but sometimes finds one in the hello's random bytes and answers 400: both are named as TLS errors
            assertThat(f.code()).isEqualTo(FailureCode.TLS_ERROR);
            assertThat(f.message()).isIn("TLS handshake with 127.0.0.1:" + server.port()
                            + " did not complete within 2 s — does this port speak https?",
                    "127.0.0.1:" + server.port() + " did not answer with TLS — is it plain http? It answered "
                            + "\"HTTP/1.1 400 Bad Request\"");
        }
    }

    @Test
    void httpsToAServerThatAnswersInPlainHttpIsATlsError() throws Exception {
        // Go's net/http (Echo v5.4.4 captured) answers a TLS ClientHello on a plain port with exactly this
        String goReply = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Connection: close\r\n\r\n400 Bad Request";
        try (TestServers.Silent server = new TestServers.Silent(true, goReply)) {
            PreflightResult.Failed f = failed(check(URI.create("https://127.0.0.1:" + server.port() + "/")));
            assertThat(f.code()).isEqualTo(FailureCode.TLS_ERROR);
            assertThat(f.message()).isEqualTo("127.0.0.1:" + server.port() + " did not answer with TLS — is it "
                    + "plain http? It answered \"HTTP/1.1 400 Bad Request\"");
        }
    }

    @Test
    void unresolvableHostIsADnsFailure() {
        PreflightResult.Failed f = failed(check(URI.create("http://nonexistent.invalid:8080/")));
        assertThat(f.code()).isEqualTo(FailureCode.DNS_FAILURE);
        assertThat(f.message()).startsWith("cannot resolve host nonexistent.invalid: no such host");
    }

    @Test
    void metadataAddressIsRefusedWithoutAnyTraffic() {
        PreflightResult.Failed f = failed(check(URI.create("http://169.254.169.254/latest/meta-data/"),
                TargetPolicy.parse(true, List.of("0.0.0.0/0")), OPTIONS));
        assertThat(f).isEqualTo(new PreflightResult.Failed(FailureCode.TARGET_NOT_ALLOWED,
                "169.254.169.254 is a link-local/cloud metadata address and is never scanned"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"http://2852039166/", "http://0xA9FEA9FE/", "http://0251.0376.0251.0376/",
            "http://[::ffff:169.254.169.254]/", "http://[fd00:ec2::254]/", "http://100.100.100.200/",
            "http://metadata.google.internal/computeMetadata/v1/", "http://0.0.0.0:8080/", "http://[::]:8080/",
            "http://[fe80::1]/", "http://[64:ff9b::a9fe:a9fe]/"})
    void bypassSpellingsAreRefused(String url) {
        PreflightResult.Failed f = failed(check(URI.create(url), TargetPolicy.parse(true, List.of("0.0.0.0/0",
                "::/0")), OPTIONS));
        assertThat(f.code()).isEqualTo(FailureCode.TARGET_NOT_ALLOWED);
        assertThat(f.message()).contains("never scanned");
    }

    /** The same list ScanControllerTest refuses at submit: the API and preflight share one rule. */
    @ParameterizedTest(name = "{0} is refused before any traffic")
    @ValueSource(strings = {"http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.0.0.1:70000/",
            "http://[::ffff:127.0.0.1]:8081/"})
    void loopbackSpellingsThatResolversDisagreeOnAreRefused(String url) {
        PreflightResult.Failed f = failed(check(URI.create(url)));
        assertThat(f.code()).isEqualTo(FailureCode.TARGET_NOT_ALLOWED);
    }

    @Test
    void aSeparateTelemetryAddressIsAuthorizedLikeTheTargetBeforeAnyTraffic() {
        try (TestServers.Replay server = new TestServers.Replay("v5.4.4")) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            PreflightResult.Failed outside = failed(new HttpPreflight(TargetPolicy.loopbackOnly(), clock, OPTIONS)
                    .check(new TargetSpec(base, Map.of(), URI.create("http://10.255.255.1:6060"), Map.of())));
            assertThat(outside.code()).isEqualTo(FailureCode.TARGET_NOT_ALLOWED);
            assertThat(outside.message()).startsWith("telemetry URL: 10.255.255.1 is not a loopback address and not "
                    + "in the target allow-list");
            PreflightResult.Failed metadata = failed(new HttpPreflight(TargetPolicy.parse(true, List.of("0.0.0.0/0")),
                    clock, OPTIONS).check(new TargetSpec(base, Map.of(), URI.create("http://169.254.169.254/"),
                    Map.of())));
            assertThat(metadata).isEqualTo(new PreflightResult.Failed(FailureCode.TARGET_NOT_ALLOWED,
                    "telemetry URL: 169.254.169.254 is a link-local/cloud metadata address and is never scanned"));
            assertThat(server.received).as("no traffic to the target either").isEmpty();

            passed(new HttpPreflight(TargetPolicy.loopbackOnly(), clock, OPTIONS)
                    .check(new TargetSpec(base, Map.of(), URI.create("http://127.0.0.1:6060"), Map.of())));
        }
    }

    @Test
    void loopbackIsRefusedWhenThePolicySaysSo() {
        try (TestServers.Replay server = new TestServers.Replay("v5.4.4")) {
            PreflightResult.Failed f = failed(check(URI.create("http://localhost:" + server.port()),
                    new TargetPolicy(false, List.of(), List.of()), OPTIONS));
            assertThat(f.code()).isEqualTo(FailureCode.TARGET_NOT_ALLOWED);
            assertThat(f.message()).contains("loopback targets are not allowed");
            assertThat(server.received).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} is not a target URL")
    @ValueSource(strings = {"file:///etc/passwd", "gopher://127.0.0.1:70/", "http://user:pass@127.0.0.1/"})
    void badUrlsAreRefused(String url) {
        PreflightResult.Failed f = failed(check(URI.create(url)));
        assertThat(f.code()).isEqualTo(FailureCode.TARGET_NOT_ALLOWED);
    }

    @Test
    void dnsRebindingBetweenPreflightAndConnectIsCaught() {
        try (TestServers.Replay server = new TestServers.Replay("v5.4.4")) {
            AtomicInteger lookups = new AtomicInteger();
            HostResolver rebinding = host -> List.of(InetAddress.getByAddress(host, lookups.getAndIncrement() == 0
                    ? new byte[]{127, 0, 0, 1}
                    : new byte[]{(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
            HttpPreflight preflight = new HttpPreflight(new AddressGuard(TargetPolicy.loopbackOnly(), rebinding),
                    clock, OPTIONS);
            PreflightResult.Failed f = failed(preflight.check(new TargetSpec(
                    URI.create("http://rebind.test:" + server.port() + "/"), Map.of())));
            assertThat(f).isEqualTo(new PreflightResult.Failed(FailureCode.TARGET_NOT_ALLOWED,
                    "rebind.test resolves to 169.254.169.254, which is a link-local/cloud metadata address and is "
                            + "never scanned"));
            assertThat(lookups).hasValue(2);
            assertThat(server.received).isEmpty();
        }
    }

    @Test
    void probePathsAreChildrenOfTheBasePath() {
        assertThat(HttpPreflight.child(URI.create("http://h:1"), "x")).hasToString("http://h:1/x");
        assertThat(HttpPreflight.child(URI.create("http://h:1/"), "x")).hasToString("http://h:1/x");
        assertThat(HttpPreflight.child(URI.create("http://h:1/api"), "x")).hasToString("http://h:1/api/x");
        assertThat(HttpPreflight.child(URI.create("http://h:1/api/?q=1"), "x")).hasToString("http://h:1/api/x");
        assertThat(HttpPreflight.child(URI.create("https://[::1]:8443/a%20b"), "x"))
                .hasToString("https://[::1]:8443/a%20b/x");
    }
}
