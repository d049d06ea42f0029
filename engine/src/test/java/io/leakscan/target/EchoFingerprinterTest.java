package io.leakscan.target;

import io.leakscan.target.EchoFingerprinter.Observed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The classifier on raw responses captured from real Echo and net/http servers (see fixtures/echo/README.md). */
class EchoFingerprinterTest {

    /** Parses a raw HTTP/1.1 response capture (Content-Length framed, as Echo and net/http send errors). */
    static Observed fixture(String name, String request) throws IOException {
        try (InputStream in = EchoFingerprinterTest.class.getResourceAsStream("/fixtures/echo/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            String raw = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int split = raw.indexOf("\r\n\r\n");
            String[] head = raw.substring(0, split).split("\r\n");
            String body = raw.substring(split + 4);
            int status = Integer.parseInt(head[0].split(" ")[1]);
            String contentType = null;
            String allow = null;
            for (int i = 1; i < head.length; i++) {
                String[] kv = head[i].split(":", 2);
                switch (kv[0].strip().toLowerCase(Locale.ROOT)) {
                    case "content-type" -> contentType = kv[1].strip();
                    case "allow" -> allow = kv[1].strip();
                    default -> {
                    }
                }
            }
            return new Observed(request, status, contentType, allow, body);
        }
    }

    @ParameterizedTest(name = "Echo {0} is recognised, version not claimed")
    @ValueSource(strings = {"v4.16.0", "v5.4.4"})
    void modernEchoIsRecognisedButV4AndV5CannotBeToldApart(String version) throws IOException {
        EchoFingerprint fp = EchoFingerprinter.classify(
                fixture(version + "-404.http", "GET /__leakscan_probe_3f9c2a7d"),
                fixture(version + "-405.http", "DELETE /"));
        assertThat(fp.echo()).isTrue();
        assertThat(fp.majorVersion()).isNull();
        assertThat(fp.confidence()).isEqualTo(0.95);
        assertThat(fp.evidence()).containsExactly(
                "GET /__leakscan_probe_3f9c2a7d -> 404 application/json, body {\"message\":\"Not Found\"}: matches "
                        + "Echo's default 404",
                "DELETE / -> 405 application/json, Allow: OPTIONS, GET, body {\"message\":\"Method Not Allowed\"}: "
                        + "matches Echo's default 405",
                "major version not distinguishable: Echo v4.12+ and v5 send identical default 404/405 responses");
    }

    @Test
    void v4AndV5CapturesAreIdenticalApartFromDate() throws IOException {
        for (String kind : new String[]{"404", "405"}) {
            Observed v4 = fixture("v4.16.0-" + kind + ".http", "x");
            Observed v5 = fixture("v5.4.4-" + kind + ".http", "x");
            assertThat(v5).isEqualTo(v4);
        }
    }

    @Test
    void echoBeforeV412IsIdentifiedAsV4ByItsCharset() throws IOException {
        EchoFingerprint fp = EchoFingerprinter.classify(
                fixture("v4.11.4-404.http", "GET /__leakscan_probe_3f9c2a7d"),
                fixture("v4.11.4-405.http", "DELETE /"));
        assertThat(fp.echo()).isTrue();
        assertThat(fp.majorVersion()).isEqualTo(4);
        assertThat(fp.confidence()).isEqualTo(0.95);
        assertThat(fp.evidence()).last().asString().contains("charset=UTF-8", "before v4.12.0");
    }

    @Test
    void goNetHttpIsNotEcho() throws IOException {
        EchoFingerprint fp = EchoFingerprinter.classify(
                fixture("go-nethttp-1.26.8-404.http", "GET /__leakscan_probe_3f9c2a7d"),
                fixture("go-nethttp-1.26.8-405.http", "TRACE /"));
        assertThat(fp.echo()).isFalse();
        assertThat(fp.majorVersion()).isNull();
        assertThat(fp.confidence()).isZero();
        assertThat(fp.evidence()).containsExactly(
                "GET /__leakscan_probe_3f9c2a7d -> 404 text/plain; charset=utf-8, body 404 page not found: not Echo's "
                        + "default 404",
                "TRACE / -> 405 text/plain; charset=utf-8, Allow: GET, HEAD, body Method Not Allowed: not Echo's "
                        + "default 405");
    }

    @Test
    void the404AloneIsEnoughWhenNoRouteIsKnown() throws IOException {
        EchoFingerprint fp = EchoFingerprinter.classify(fixture("v5.4.4-404.http", "GET /x"), null);
        assertThat(fp.echo()).isTrue();
        assertThat(fp.confidence()).isEqualTo(0.6);
        assertThat(fp.evidence()).contains("405 check skipped: found no route to send an unused method to");
    }

    @Test
    void echoWithACustomNotFoundHandlerIsStillRecognisedByIts405() throws IOException {
        Observed custom404 = new Observed("GET /x", 404, "text/html", null, "<h1>nope</h1>");
        EchoFingerprint fp = EchoFingerprinter.classify(custom404, fixture("v4.16.0-405.http", "TRACE /"));
        assertThat(fp.echo()).isTrue();
        assertThat(fp.confidence()).isEqualTo(0.5);
    }

    @Test
    void theRightBodyServedAsTextIsOnlyAHint() {
        Observed textBody = new Observed("GET /x", 404, "text/plain", null, "{\"message\":\"Not Found\"}");
        Observed noAllow = new Observed("TRACE /", 405, "application/json", null,
                "{\"message\":\"Method Not Allowed\"}\n");
        EchoFingerprint fp = EchoFingerprinter.classify(textBody, noAllow);
        assertThat(fp.echo()).isFalse();
        assertThat(fp.confidence()).isEqualTo(0.4);
        assertThat(fp.evidence().get(0)).endsWith("Echo's default 404 body but not served as application/json");
        assertThat(fp.evidence().get(1)).endsWith("Echo's default 405 body but no Allow header");
    }

    @Test
    void wrongStatusWithEchoBodyDoesNotCount() {
        Observed ok = new Observed("GET /x", 200, "application/json", null, "{\"message\":\"Not Found\"}");
        EchoFingerprint fp = EchoFingerprinter.classify(ok, null);
        assertThat(fp.echo()).isFalse();
        assertThat(fp.confidence()).isZero();
    }

    @Test
    void failedRequestsAreEvidenceAgainst() throws IOException {
        EchoFingerprint fp = EchoFingerprinter.classify(
                Observed.failed("GET /x", "127.0.0.1:1 accepted the connection but sent no response within 2 s"),
                fixture("v5.4.4-405.http", "TRACE /"));
        assertThat(fp.echo()).isTrue();
        assertThat(fp.confidence()).isEqualTo(0.5);
        assertThat(fp.evidence().getFirst())
                .isEqualTo("GET /x failed: 127.0.0.1:1 accepted the connection but sent no response within 2 s");
    }

    @Test
    void longAndEmptyBodiesAreAbbreviatedInEvidence() {
        Observed big = new Observed("GET /x", 404, null, null, "x".repeat(500));
        Observed empty = new Observed("TRACE /", 405, null, null, null);
        EchoFingerprint fp = EchoFingerprinter.classify(big, empty);
        assertThat(fp.evidence().get(0)).contains("(no Content-Type)", "x".repeat(80) + "…").hasSizeLessThan(200);
        assertThat(fp.evidence().get(1)).contains("Allow: (none)", "body (empty)");
    }
}
