package io.leakscan.dashboard;

import io.leakscan.SharedServiceContext;
import io.leakscan.scan.ScanResource;
import io.leakscan.scan.ScanService;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The new-scan form: rows, inline messages from the API's own bean validation, and a scan that really starts. */
@SharedServiceContext
class NewScanFormTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ScanService scans;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;

    UUID tenant;
    DashboardMvc browser;

    @BeforeEach
    void signIn() throws Exception {
        tenant = tenants.create("form-test").id();
        browser = new DashboardMvc(mvc).signIn(keys.issue(tenant, "form").key());
    }

    MockHttpServletRequestBuilder form() {
        return post("/scans/new").session(browser.session).param("_csrf", browser.csrf);
    }

    @Test
    void emptyFormHasLabelledFieldsAndOneEndpointRow() throws Exception {
        String html = browser.page("/scans/new").getResponse().getContentAsString();
        assertThat(html).contains("<label for=\"baseUrl\">Base URL</label>")
                .contains("<label for=\"endpoints0.path\">Path 1</label>")
                .contains("<label for=\"profile\">Profile</label>")
                .contains("<label for=\"maxRequestsPerSecond\">Requests per second</label>")
                .contains("name=\"_echoSpecific\"")
                .doesNotContain("endpoints1.path").doesNotContain("error-summary");
    }

    @Test
    void rowsAreAddedAndRemovedKeepingWhatWasTyped() throws Exception {
        MvcResult added = mvc.perform(form().param("action", "add-endpoint").param("baseUrl", "http://127.0.0.1:1")
                .param("endpoints[0].method", "POST").param("endpoints[0].path", "/a")).andReturn();
        String html = added.getResponse().getContentAsString();
        assertThat(added.getResponse().getStatus()).isEqualTo(200);
        assertThat(html).contains("value=\"http://127.0.0.1:1\"").contains("id=\"endpoints1.path\"")
                .contains("value=\"/a\"").doesNotContain("error-summary");

        MvcResult removed = mvc.perform(form().param("action", "remove-endpoint-0")
                .param("endpoints[0].method", "GET").param("endpoints[0].path", "/a")
                .param("endpoints[1].method", "GET").param("endpoints[1].path", "/b")).andReturn();
        assertThat(removed.getResponse().getContentAsString()).contains("value=\"/b\"").doesNotContain("value=\"/a\"")
                .doesNotContain("endpoints1.path");

        MvcResult header = mvc.perform(form().param("action", "add-header")).andReturn();
        assertThat(header.getResponse().getContentAsString()).contains("<label for=\"headers0.name\">Header name 1</label>");
        assertThat(mvc.perform(form().param("action", "explode")).andReturn().getResponse().getStatus()).isEqualTo(400);
        assertThat(scans.list(tenant, null, null, 0, 10).totalItems()).isZero();
    }

    @Test
    void invalidFieldsGetTheApisMessagesNextToThem() throws Exception {
        MvcResult r = mvc.perform(form().param("baseUrl", "ftp://user:pw@example.com")
                .param("endpoints[0].method", "BREW").param("endpoints[0].path", "no-slash")
                .param("endpoints[1].method", "GET").param("endpoints[1].path", "/ok")
                .param("endpoints[1].route", "users/:id")
                .param("profile", "huge")
                .param("maxRequestsPerSecond", "-5").param("maxConcurrency", "many").param("maxDurationSeconds", "60")
                .param("headers[0].name", "Host").param("headers[0].value", "x")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String html = r.getResponse().getContentAsString();
        assertThat(html).contains("The scan was not started")
                .contains("id=\"baseUrl-error\"")
                .contains("id=\"endpoints0.method-error\" class=\"error\">must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
                .contains("id=\"endpoints0.path-error\" class=\"error\">must start with /<")
                .doesNotContain("endpoints1.path-error")
                .contains("id=\"endpoints1.route-error\" class=\"error\">must start with / and contain no spaces")
                .contains("profile must be one of quick, memory, deep")
                .contains("id=\"maxRequestsPerSecond-error\" class=\"error\">must be greater than 0")
                .contains("id=\"maxConcurrency-error\" class=\"error\">must be a whole number")
                .doesNotContain("maxDurationSeconds-error").contains("value=\"many\"").contains("value=\"60\"")
                .contains("header Host is set by the scanner itself")
                .contains("aria-invalid=\"true\"")
                // what was typed stays in the form
                .contains("value=\"no-slash\"").contains("value=\"/ok\"");
        assertThat(scans.list(tenant, null, null, 0, 10).totalItems()).isZero();

        MvcResult blank = mvc.perform(form().param("baseUrl", "").param("endpoints[0].method", "GET")
                .param("endpoints[0].path", "")).andReturn();
        assertThat(blank.getResponse().getContentAsString()).contains("id=\"baseUrl-error\"")
                .contains("id=\"endpoints0.path-error\"");
        MvcResult duplicate = mvc.perform(form().param("baseUrl", "http://127.0.0.1:1")
                .param("headers[0].name", "X-Key").param("headers[0].value", "1")
                .param("headers[1].name", "x-key").param("headers[1].value", "2")).andReturn();
        assertThat(duplicate.getResponse().getContentAsString())
                .contains("id=\"headers1.name-error\" class=\"error\">this header is already set above");
    }

    @Test
    void aValidFormQueuesTheScanAndOpensIt() throws Exception {
        MvcResult r = mvc.perform(form().param("action", "submit").param("baseUrl", " http://127.0.0.1:8099 ")
                .param("endpoints[0].method", "get").param("endpoints[0].path", "/users/42")
                .param("endpoints[0].route", "/users/:id")
                .param("endpoints[1].method", "GET").param("endpoints[1].path", "/stream")
                .param("profile", "quick").param("_echoSpecific", "on")
                .param("maxRequestsPerSecond", "50").param("maxConcurrency", "").param("maxDurationSeconds", "99999999")
                .param("headers[0].name", "Authorization").param("headers[0].value", "Bearer target-secret")
                .param("headers[1].name", "").param("headers[1].value", "")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        String location = r.getResponse().getRedirectedUrl();
        assertThat(location).matches("/scans/[0-9a-f-]{36}");
        ScanResource scan = scans.resource(scans.get(tenant, UUID.fromString(location.substring(7))));
        assertThat(scan.target().baseUrl()).isEqualTo("http://127.0.0.1:8099");
        assertThat(scan.target().headers()).containsOnlyKeys("Authorization");
        assertThat(scan.endpoints()).extracting(e -> e.method() + " " + e.path() + " " + e.route())
                .containsExactly("GET /users/42 /users/:id", "GET /stream /stream");
        assertThat(scan.profile().wire()).isEqualTo("quick");
        assertThat(scan.echoSpecific()).as("unticked checkbox").isFalse();
        assertThat(scan.limits().maxRequestsPerSecond()).isEqualTo(50);
        assertThat(scan.limits().maxDurationSeconds()).as("capped by the server's maximum")
                .isLessThan(99999999).isPositive();
        String page = browser.page(location).getResponse().getContentAsString();
        assertThat(page).contains("http://127.0.0.1:8099").doesNotContain("target-secret");
    }

    @Test
    void anEndpointRowCarriesABodyContentTypeAndHeadersAndTheScanATelemetryUrl() throws Exception {
        MvcResult r = mvc.perform(form().param("action", "submit").param("baseUrl", "http://127.0.0.1:8099")
                .param("telemetryUrl", "http://127.0.0.1:6060")
                .param("endpoints[0].method", "POST").param("endpoints[0].path", "/api/v1/orders")
                .param("endpoints[0].body", "{\"item\": \"x\"}").param("endpoints[0].contentType", "")
                .param("endpoints[0].headers", "X-Tenant: acme\n\nX-Trace: 1")
                .param("endpoints[1].method", "PUT").param("endpoints[1].path", "/quotes/7")
                .param("endpoints[1].body", "qty=2")
                .param("endpoints[1].contentType", "application/x-www-form-urlencoded")).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(302);
        String location = r.getResponse().getRedirectedUrl();
        ScanResource scan = scans.resource(scans.get(tenant, UUID.fromString(location.substring(7))));
        assertThat(scan.target().telemetryBaseUrl()).isEqualTo("http://127.0.0.1:6060");
        assertThat(scan.endpoints()).extracting(e -> e.method() + " " + e.body() + " " + e.contentType())
                .containsExactly("POST {\"item\": \"x\"} application/json",
                        "PUT qty=2 application/x-www-form-urlencoded");
        assertThat(scan.endpoints().getFirst().headers()).containsOnlyKeys("X-Tenant", "X-Trace");
        assertThat(browser.page(location).getResponse().getContentAsString()).doesNotContain("acme");
    }

    @Test
    void badBodiesHeadersAndTelemetryUrlsAreNamedNextToTheirField() throws Exception {
        MvcResult r = mvc.perform(form().param("baseUrl", "http://127.0.0.1:8099")
                .param("telemetryUrl", "http://169.254.169.254/")
                .param("endpoints[0].method", "GET").param("endpoints[0].path", "/a").param("endpoints[0].body", "{}")
                .param("endpoints[1].method", "POST").param("endpoints[1].path", "/b")
                .param("endpoints[1].body", "{\"a\": 1,}")
                .param("endpoints[2].method", "POST").param("endpoints[2].path", "/c")
                .param("endpoints[2].contentType", "application/json")
                .param("endpoints[2].headers", "X-Ok: 1\nno colon here")
                .param("endpoints[3].method", "POST").param("endpoints[3].path", "/d")
                .param("endpoints[3].body", "x").param("endpoints[3].contentType", "json")
                .param("endpoints[4].method", "POST").param("endpoints[4].path", "/e")
                .param("endpoints[4].body", "{}").param("endpoints[4].headers", "Host: evil")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String html = r.getResponse().getContentAsString();
        assertThat(html)
                .contains("id=\"telemetryUrl-error\" class=\"error\">169.254.169.254 is a link-local/cloud metadata "
                        + "address and is never scanned")
                .contains("id=\"endpoints0.body-error\" class=\"error\">GET requests carry no body; use POST, PUT, "
                        + "PATCH or DELETE")
                .contains("id=\"endpoints1.body-error\" class=\"error\">is not JSON (Unexpected character")
                .contains("id=\"endpoints2.contentType-error\" class=\"error\">there is no body to type")
                .contains("id=\"endpoints2.headers-error\" class=\"error\">line 2: expected Name: value")
                .contains("id=\"endpoints3.contentType-error\" class=\"error\">must be a media type such as "
                        + "application/json")
                .contains("id=\"endpoints4.headers-error\" class=\"error\">header Host is set by the scanner itself")
                .contains("<details class=\"request-details\" open=\"open\">");
        assertThat(scans.list(tenant, null, null, 0, 10).totalItems()).isZero();
    }
}
