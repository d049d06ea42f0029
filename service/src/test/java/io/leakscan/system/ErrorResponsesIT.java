package io.leakscan.system;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error the service answers is RFC 9457 problem+json, also the ones that never reach a controller: methods
 * the servlet refuses, requests the HTTP parser refuses, and the container's own error path. Raw sockets, because
 * HTTP clients will not send most of these.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"leakscan.scan.engine.enabled=false",
                "leakscan.bootstrap.api-key=lsk_errors_test_key_0000000000000000000000"})
class ErrorResponsesIT {

    static final String KEY = "lsk_errors_test_key_0000000000000000000000";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    record Answer(int status, String contentType, String body) {
        JsonNode problem() {
            return JSON.readTree(body);
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "TRACE, /api/v1/scans, 405",
            "TRACE, /, 405",
            "CONNECT, 127.0.0.1:80, 501",
            "GET, /error, 404",
            "PROPFIND, /api/v1/scans, 405"})
    void methodsAndPathsThatNoControllerServesAreProblems(String method, String target, int status) throws IOException {
        Answer a = raw(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                + "\r\nConnection: close\r\n\r\n");
        assertProblem(a, status);
    }

    @Test
    void aHeaderOverTheLimitIsAProblemNotATomcatPage() throws IOException {
        Answer a = raw("GET /api/v1/scans HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(100 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        assertProblem(a, 400);
        assertThat(a.problem().path("detail").asString()).contains("header");
    }

    @Test
    void aRequestLineThatDoesNotParseIsAProblem() throws IOException {
        assertProblem(raw("GET /a<b> HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400);
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(strings = {"1e12", "1.5", "2147483648", "-1e3"})
    void aNumberThatDoesNotFitAWholeNumberFieldNamesTheFieldAndItsRange(String value) throws IOException {
        Answer a = submit("{\"target\": {\"baseUrl\": \"http://127.0.0.1:19\"}, \"tuning\": {\"concurrency\": "
                + value + "}}");
        assertProblem(a, 400);
        JsonNode error = a.problem().path("errors").path(0);
        assertThat(error.path("field").asString()).isEqualTo("tuning.concurrency");
        assertThat(error.path("message").asString()).isEqualTo("must be a whole number from 1 to 1000");
    }

    @Test
    void aFractionInLimitsNamesItsField() throws IOException {
        Answer a = submit("{\"target\": {\"baseUrl\": \"http://127.0.0.1:19\"}, "
                + "\"limits\": {\"maxConcurrency\": 2.5}}");
        assertProblem(a, 400);
        assertThat(a.problem().path("errors").path(0).path("field").asString()).isEqualTo("limits.maxConcurrency");
        assertThat(a.problem().path("errors").path(0).path("message").asString())
                .isEqualTo("must be a whole number from 1 to 1000000");
    }

    private Answer submit(String body) throws IOException {
        return raw("POST /api/v1/scans HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static void assertProblem(Answer a, int status) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).as(a.body()).startsWith("application/problem+json");
        JsonNode p = a.problem();
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asString()).isNotBlank();
        assertThat(a.body()).doesNotContain("Exception", "org.apache", "at io.leakscan");
    }

    private Answer raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? response : response.substring(0, headEnd);
            String body = headEnd < 0 ? "" : response.substring(headEnd + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            String contentType = head.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
                    .map(l -> l.substring(13).strip()).findFirst().orElse("");
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Answer(status, contentType, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
