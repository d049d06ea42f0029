package io.leakscan.scan;

import io.leakscan.system.ApiException;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Caller;
import io.leakscan.tenant.Role;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every validation and error path of the scan API, with the service mocked. */
@WebMvcTest(ScanController.class)
class ScanControllerTest {

    static final String KEY = "lsk_valid";
    static final UUID TENANT = UUID.randomUUID();
    static final UUID SCAN = UUID.randomUUID();
    static final String VALID = """
            {"target": {"baseUrl": "http://127.0.0.1:8081", "headers": {"Authorization": "Bearer x"}},
             "endpoints": [{"method": "get", "path": "/users/42"}], "profile": "deep", "echoSpecific": true,
             "telemetry": {"paths": ["/debug/vars"]},
             "limits": {"maxRequestsPerSecond": 50, "maxConcurrency": 2, "maxDurationSeconds": 60}}""";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ScanService scans;

    @MockitoBean
    ScanEventStream events;

    @MockitoBean
    ApiKeys keys;

    ScanRow row = ScanRow.queued(SCAN, TENANT, Instant.parse("2026-01-01T00:00:00Z"), "http://127.0.0.1:8081",
            "http://127.0.0.1:8081", Profile.MEMORY, false, "{}", null, "h");

    @BeforeEach
    void auth() {
        when(keys.resolve(KEY)).thenReturn(Optional.of(new Caller(UUID.randomUUID(), TENANT, Role.SCAN, null)));
        when(keys.resolve("lsk_bad")).thenReturn(Optional.empty());
        when(scans.resource(any())).thenReturn(new ScanResource(SCAN, ScanState.QUEUED, null, null, 0, 0,
                new ScanResource.Target("http://127.0.0.1:8081", Map.of("Authorization", "[redacted]")), List.of(),
                Profile.MEMORY, false, List.of(), new ScanLimits(1, 1, 1), null, Instant.EPOCH, null, null, false,
                null, null, null, null, null, null, ScanTuning.NONE, Map.of(), null, ScanResource.Links.of(SCAN)));
    }

    MockHttpServletRequestBuilder submit(String body) {
        return post("/api/v1/scans").header("Authorization", "Bearer " + KEY)
                .contentType(MediaType.APPLICATION_JSON).content(body);
    }

    ResultActions problem(ResultActions result, int status) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.type").value(containsString("https://leakscan.io/problems/")))
                .andExpect(content().string(not(containsString("Exception"))))
                .andExpect(content().string(not(containsString("\tat "))))
                .andExpect(content().string(not(containsString("tools.jackson"))))
                .andExpect(content().string(not(containsString("io.leakscan"))));
    }

    ResultActions invalid(String body, String field) throws Exception {
        ResultActions result = problem(mvc.perform(submit(body)), 400)
                .andExpect(jsonPath("$.errors[*].field", hasItem(field)));
        verify(scans, never()).submit(any(), any(), any());
        return result;
    }

    static String withBaseUrl(String url) {
        return "{\"target\": {\"baseUrl\": \"" + url + "\"}}";
    }

    @Test
    void validSubmissionIs202WithLocation() throws Exception {
        when(scans.submit(eq(TENANT), any(), isNull())).thenReturn(new ScanService.Submitted(row, true));
        mvc.perform(submit(VALID))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/v1/scans/" + SCAN))
                .andExpect(header().string("ETag", "\"0\""))
                .andExpect(jsonPath("$.id").value(SCAN.toString()))
                .andExpect(jsonPath("$.target.headers.Authorization").value("[redacted]"));
    }

    @Test
    void missingOrBadKeyIs401() throws Exception {
        problem(mvc.perform(post("/api/v1/scans").contentType(MediaType.APPLICATION_JSON).content(VALID)), 401)
                .andExpect(header().string("WWW-Authenticate", containsString("Bearer")));
        problem(mvc.perform(get("/api/v1/scans/" + SCAN).header("Authorization", "Bearer lsk_bad")), 401);
        problem(mvc.perform(get("/api/v1/scans/" + SCAN).header("Authorization", "Basic dXNlcjpwYXNz")), 401);
        problem(mvc.perform(get("/api/v1/scans").header("Authorization", "Bearer ")), 401);
    }

    @Test
    void targetIsRequired() throws Exception {
        invalid("{}", "target");
        invalid("{\"target\": {}}", "target.baseUrl");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://user:pass@127.0.0.1:8081", "http://user@127.0.0.1", "file:///etc/passwd", "gopher://127.0.0.1:70/x",
            "ftp://127.0.0.1/", "/relative/path", "127.0.0.1:8080", "http://", "javascript:alert(1)",
            "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://[fd00:ec2::254]/",
            "http://100.100.100.200/", "http://127.0.0.1/a b", "http://127.0.0.1/#frag", "http://exa mple.com/"})
    void baseUrlMustBeAnAbsoluteHttpUrlWithoutUserInfo(String url) throws Exception {
        invalid(withBaseUrl(url), "target.baseUrl");
    }

    /** Preflight refuses each of these (HttpPreflightTest); submit refuses them too, for the same reason. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://2852039166/          | numeric spelling of 169.254.169.254
            http://0xA9FEA9FE/          | numeric spelling of 169.254.169.254
            http://2130706433/          | non-canonical numeric IPv4 spelling
            http://0x7f000001/          | non-canonical numeric IPv4 spelling
            http://0177.0.0.1/          | non-canonical numeric IPv4 spelling
            http://127.0.0.1:0/         | port 0 is out of range 1..65535
            http://127.0.0.1:70000/     | port 70000 is out of range 1..65535
            http://[::ffff:127.0.0.1]:8081/ | IPv4-mapped form of 127.0.0.1
            http://[::ffff:a9fe:a9fe]/  | never scanned
            """)
    void baseUrlsThatPreflightRefusesAreRefusedAtSubmit(String url, String reason) throws Exception {
        invalid(withBaseUrl(url), "target.baseUrl")
                .andExpect(jsonPath("$.errors[0].message", containsString(reason)));
    }

    @Test
    void aTelemetryBaseUrlGetsTheTargetUrlRuleAndItsHeadersTheHeaderRule() throws Exception {
        for (String url : List.of("http://169.254.169.254/", "http://2130706433/", "ftp://127.0.0.1/",
                "http://user:pw@127.0.0.1:6060", "127.0.0.1:6060")) {
            invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"telemetry\": {\"baseUrl\": \"" + url
                    + "\"}}", "telemetry.baseUrl");
        }
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"telemetry\": {\"baseUrl\": "
                + "\"http://127.0.0.1:6060\", \"headers\": {\"Host\": \"x\"}}}", "telemetry.headers");
    }

    @Test
    void aCallbackUrlWithANumericHostGetsTheSameRule() throws Exception {
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"callbackUrl\": \"http://2130706433/\"}",
                "callbackUrl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x<script>", "/a\\\\b", "/a^b", "/a{b}", "/p#frag", "/a%zz"})
    void endpointPathsThatAreNotValidUriPathsAre400(String path) throws Exception {
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"endpoints\": [{\"method\": \"GET\", \"path\": \""
                + path + "\"}]}", "endpoints[0].path");
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"telemetry\": {\"paths\": [\"" + path + "\"]}}",
                "telemetry.paths[0]");
    }

    @Test
    void baseUrlOver2048CharsIsRejected() throws Exception {
        invalid(withBaseUrl("http://127.0.0.1/" + "a".repeat(2040)), "target.baseUrl");
    }

    @Test
    void atMost100Endpoints() throws Exception {
        String endpoints = String.join(",", Collections.nCopies(101, "{\"method\": \"GET\", \"path\": \"/\"}"));
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"endpoints\": [" + endpoints + "]}", "endpoints");
    }

    @Test
    void endpointFieldsAreChecked() throws Exception {
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"endpoints\": [{\"method\": \"TRACE\", \"path\": \"/\"}]}",
                "endpoints[0].method");
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"endpoints\": [{\"method\": \"GET\", \"path\": \"users\"}]}",
                "endpoints[0].path");
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"endpoints\": [null]}", "endpoints[0]");
    }

    @Test
    void headersCannotInjectOrBreakFraming() throws Exception {
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\", \"headers\": {\"X-A\": \"v\\r\\nX-Injected: 1\"}}}",
                "target.headers");
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\", \"headers\": {\"Bad Name\": \"v\"}}}",
                "target.headers");
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\", \"headers\": {\"Host\": \"evil\"}}}",
                "target.headers");
    }

    @Test
    void profileIsOneOfThree() throws Exception {
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"profile\": \"fast\"}", "profile");
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"profile\": \"MEMORY\"}", "profile");
    }

    @Test
    void tuningRoutesAndJsonPointersAreValidated() throws Exception {
        String base = "{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, ";
        invalid(base + "\"tuning\": {\"loadRounds\": 0}}", "tuning.loadRounds");
        invalid(base + "\"tuning\": {\"settleSeconds\": -1}}", "tuning.settleSeconds");
        invalid(base + "\"tuning\": {\"requestsPerRound\": 100001}}", "tuning.requestsPerRound");
        invalid(base + "\"endpoints\": [{\"method\": \"GET\", \"path\": \"/u/1\", \"route\": \"u/:id\"}]}",
                "endpoints[0].route");
        mvc.perform(submit(base + "\"telemetry\": {\"jsonPointers\": {\"GOROUTINES\": \"no-slash\"}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message", containsString("JSON pointer")));
        mvc.perform(submit(base + "\"telemetry\": {\"jsonPointers\": {\"THREADS\": \"/t\"}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message", containsString("signal name")));
        verify(scans, never()).submit(any(), any(), any());
    }

    @Test
    void limitsMustBePositive() throws Exception {
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"limits\": {\"maxRequestsPerSecond\": 0}}",
                "limits.maxRequestsPerSecond");
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"limits\": {\"maxConcurrency\": -1}}",
                "limits.maxConcurrency");
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"limits\": {\"maxDurationSeconds\": \"soon\"}}",
                "limits.maxDurationSeconds");
    }

    @Test
    void callbackUrlIsAnHttpUrlToo() throws Exception {
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"callbackUrl\": \"gopher://127.0.0.1/\"}",
                "callbackUrl");
    }

    @Test
    void unknownFieldsAreRejectedAtAnyDepth() throws Exception {
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"profil\": \"quick\"}", "profil");
        invalid("{\"target\": {\"baseUrl\": \"http://127.0.0.1\", \"insecure\": true}}", "target.insecure");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        problem(mvc.perform(submit("{\"target\": ")), 400)
                .andExpect(jsonPath("$.detail").value(containsString("not valid JSON")));
        problem(mvc.perform(submit("")), 400);
        problem(mvc.perform(submit("[1, 2]")), 400);
    }

    @Test
    void badUtf8Is400() throws Exception {
        byte[] prefix = "{\"target\": {\"baseUrl\": \"http://127.0.0.1/".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3; // a lead byte followed by an invalid continuation
        body[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        problem(mvc.perform(post("/api/v1/scans").header("Authorization", "Bearer " + KEY)
                .contentType(MediaType.APPLICATION_JSON).content(body)), 400)
                .andExpect(jsonPath("$.detail").value(containsString("UTF-8")));
    }

    @Test
    void deeplyNestedJsonIs400() throws Exception {
        // The request types stop most deep bodies at the first wrong token; the parser's depth cap stops the rest.
        String deep = "[".repeat(50_000) + "]".repeat(50_000);
        problem(mvc.perform(submit("{\"target\": {\"baseUrl\": \"http://127.0.0.1\"}, \"telemetry\": " + deep + "}")), 400);
        problem(mvc.perform(submit(deep)), 400);
        String deepObject = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        problem(mvc.perform(submit(deepObject)), 400);
    }

    @Autowired
    RequestMappingHandlerAdapter adapter;

    @Test
    void theApiReadsJsonWithANestingCapAndStrictFields() {
        var converter = adapter.getMessageConverters().stream()
                .filter(c -> c.getClass() == JacksonJsonHttpMessageConverter.class)
                .map(c -> (JacksonJsonHttpMessageConverter) c)
                .findFirst().orElseThrow();
        var mapper = converter.getMapper();
        assertThat(mapper.tokenStreamFactory().streamReadConstraints().getMaxNestingDepth()).isEqualTo(64);
        assertThat(mapper.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
        String deep = "[".repeat(65) + "]".repeat(65);
        Assertions.assertThatThrownBy(() -> mapper.readTree(deep))
                .isInstanceOf(StreamConstraintsException.class);
        assertThat(mapper.readTree("[".repeat(60) + "]".repeat(60))).isNotNull();
    }

    @Test
    void hugeBodyIs413() throws Exception {
        String huge = "{\"target\": {\"baseUrl\": \"http://127.0.0.1\", \"headers\": {\"X\": \""
                + "a".repeat(300 * 1024) + "\"}}}";
        problem(mvc.perform(submit(huge)), 413);
    }

    @Test
    void wrongContentTypeIs415AndWrongMethodIs405() throws Exception {
        problem(mvc.perform(post("/api/v1/scans").header("Authorization", "Bearer " + KEY)
                .contentType(MediaType.TEXT_PLAIN).content("hello")), 415);
        problem(mvc.perform(delete("/api/v1/scans/" + SCAN).header("Authorization", "Bearer " + KEY)), 405);
    }

    @Test
    void badIdempotencyKeyIs400() throws Exception {
        problem(mvc.perform(submit(VALID).header("Idempotency-Key", "x".repeat(300))), 400);
    }

    @Test
    void idempotencyConflictIs422() throws Exception {
        when(scans.submit(eq(TENANT), any(), eq("k1")))
                .thenThrow(ApiException.unprocessable("This Idempotency-Key was already used with a different body."));
        problem(mvc.perform(submit(VALID).header("Idempotency-Key", "k1")), 422);
    }

    @Test
    void unknownScanIs404AndNonUuidIdIs404() throws Exception {
        when(scans.get(TENANT, SCAN)).thenThrow(ScanService.notFound(SCAN));
        problem(mvc.perform(get("/api/v1/scans/" + SCAN).header("Authorization", "Bearer " + KEY)), 404);
        problem(mvc.perform(get("/api/v1/scans/not-a-uuid").header("Authorization", "Bearer " + KEY)), 404);
        problem(mvc.perform(get("/api/v1/scans/" + SCAN + "/events").header("Authorization", "Bearer " + KEY)
                .accept(MediaType.TEXT_EVENT_STREAM)), 404);
    }

    @Test
    void getHasStrongEtagAndIfNoneMatchGives304() throws Exception {
        when(scans.get(TENANT, SCAN)).thenReturn(row);
        mvc.perform(get("/api/v1/scans/" + SCAN).header("Authorization", "Bearer " + KEY))
                .andExpect(status().isOk()).andExpect(header().string("ETag", "\"0\""));
        mvc.perform(get("/api/v1/scans/" + SCAN).header("Authorization", "Bearer " + KEY)
                        .header("If-None-Match", "\"0\""))
                .andExpect(status().isNotModified());
        mvc.perform(get("/api/v1/scans/" + SCAN).header("Authorization", "Bearer " + KEY)
                        .header("If-None-Match", "W/\"0\""))
                .andExpect(status().isNotModified()); // weak comparison is what RFC 9110 asks for If-None-Match
        mvc.perform(get("/api/v1/scans/" + SCAN).header("Authorization", "Bearer " + KEY)
                        .header("If-None-Match", "\"1\""))
                .andExpect(status().isOk());
    }

    @Test
    void cancelOfAFinishedScanIs409() throws Exception {
        when(scans.cancel(TENANT, SCAN)).thenThrow(ApiException.conflict("Scan has already finished (SUCCEEDED)."));
        problem(mvc.perform(post("/api/v1/scans/" + SCAN + "/cancel").header("Authorization", "Bearer " + KEY)), 409);
        Mockito.doReturn(row).when(scans).cancel(TENANT, SCAN);
        mvc.perform(post("/api/v1/scans/" + SCAN + "/cancel").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isAccepted());
    }

    @Test
    void listParametersAreValidated() throws Exception {
        problem(mvc.perform(get("/api/v1/scans?size=0").header("Authorization", "Bearer " + KEY)), 400)
                .andExpect(jsonPath("$.errors[0].field").value("size"));
        problem(mvc.perform(get("/api/v1/scans?size=101").header("Authorization", "Bearer " + KEY)), 400);
        problem(mvc.perform(get("/api/v1/scans?page=-1").header("Authorization", "Bearer " + KEY)), 400);
        problem(mvc.perform(get("/api/v1/scans?status=DONE").header("Authorization", "Bearer " + KEY)), 400)
                .andExpect(jsonPath("$.errors[0].field").value("status"));
        when(scans.list(TENANT, ScanState.RUNNING, null, 2, 10)).thenReturn(new ScanPage(List.of(), 2, 10, 0, 0));
        mvc.perform(get("/api/v1/scans?status=RUNNING&page=2&size=10").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isOk()).andExpect(jsonPath("$.page").value(2));
    }

    @Test
    void unexpectedErrorsAre500WithATraceIdAndNoInternals() throws Exception {
        when(scans.get(TENANT, SCAN)).thenThrow(
                new DataIntegrityViolationException("ERROR: SELECT secret FROM scans"));
        var result = problem(mvc.perform(get("/api/v1/scans/" + SCAN).header("Authorization", "Bearer " + KEY)), 500)
                .andExpect(jsonPath("$.traceId").isNotEmpty())
                .andReturn();
        assertThat(result.getResponse().getContentAsString()).doesNotContain("SELECT").doesNotContain("secret");
    }

    @Test
    void unknownPathUnderApiIs404Problem() throws Exception {
        problem(mvc.perform(get("/api/v1/nothing-here").header("Authorization", "Bearer " + KEY)), 404);
        verify(scans, never()).list(any(), any(), any(), anyInt(), anyInt());
    }
}
