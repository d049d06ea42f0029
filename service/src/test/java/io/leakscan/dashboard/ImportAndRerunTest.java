package io.leakscan.dashboard;

import io.leakscan.SharedServiceContext;
import com.sun.net.httpserver.HttpServer;
import io.leakscan.scan.ScanRequest;
import io.leakscan.scan.ScanResource;
import io.leakscan.scan.ScanService;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The new-scan form's import (an OpenAPI URL or an uploaded file into a list to tick) and "Re-run" of a finished
 * scan from its page. Workers are off: the scans stay queued unless cancelled, which is all these pages need.
 */
@SharedServiceContext
class ImportAndRerunTest {

    /** swaggo's output for a small Echo service (see src/test/resources/inventory/swaggo-shop/README.md). */
    static byte[] swaggo;
    static HttpServer descriptions;

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

    @BeforeAll
    static void serveDescription() throws IOException {
        try (InputStream in = ImportAndRerunTest.class.getResourceAsStream("/inventory/swaggo-shop/swagger.json")) {
            swaggo = in.readAllBytes();
        }
        descriptions = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        descriptions.createContext("/swagger/doc.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, swaggo.length);
            exchange.getResponseBody().write(swaggo);
            exchange.close();
        });
        descriptions.start();
    }

    @AfterAll
    static void stop() {
        descriptions.stop(0);
    }

    @BeforeEach
    void signIn() throws Exception {
        tenant = tenants.create("import-test").id();
        browser = new DashboardMvc(mvc).signIn(keys.issue(tenant, "import").key());
    }

    MockMultipartHttpServletRequestBuilder form(MockMultipartFile file) {
        MockMultipartHttpServletRequestBuilder b = multipart("/scans/new");
        if (file != null) {
            b.file(file);
        }
        b.session(browser.session).param("_csrf", browser.csrf);
        return b;
    }

    @Test
    void anUploadedDescriptionOffersItsEndpointsSafeOnesTickedAndListsTheSkipped() throws Exception {
        MockMultipartFile file = new MockMultipartFile("openapiFile", "swagger.json", "application/json", swaggo);
        MvcResult r = mvc.perform(form(file).param("action", "import").param("baseUrl", "http://127.0.0.1:8099")
                .param("endpoints[0].method", "GET").param("endpoints[0].path", "/")
                .param("headers[0].name", "Authorization").param("headers[0].value", "Bearer s3cret")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String html = r.getResponse().getContentAsString();

        assertThat(html).contains("From <code>swagger.json</code>:");
        assertThat(html).contains("<code>GET /api/v1/users/:id  (/api/v1/users/42)</code>");
        assertThat(html).containsPattern("id=\"imported\\.rows0\\.selected1\"[^>]*checked|checked[^>]*id=\"imported\\.rows0\\.selected1\"");
        int post = html.indexOf("<code>POST /api/v1/orders</code>");
        assertThat(post).as("unsafe methods are offered too").isPositive();
        String postBox = html.substring(html.lastIndexOf("<input type=\"checkbox\"", post), post);
        assertThat(postBox).as("but not ticked").doesNotContain("checked");
        assertThat(html).contains("GET /api/v1/legacy/ping: deprecated");
        assertThat(html).as("the untouched GET / row gave way to the import")
                .doesNotContain("name=\"endpoints[0].path\"");
        assertThat(html).doesNotContain("s3cret");
    }

    /** The page never shows a header value again, so the session keeps it across the import's round trip. */
    @Test
    void aTargetHeaderValueSurvivesTheImportWithoutBeingShown() throws Exception {
        MockMultipartFile file = new MockMultipartFile("openapiFile", "swagger.json", "application/json", swaggo);
        mvc.perform(form(file).param("action", "import").param("baseUrl", "http://127.0.0.1:8099")
                .param("headers[0].name", "Authorization").param("headers[0].value", "Bearer s3cret")).andReturn();
        // what the browser sends next: the password field came back empty
        MvcResult again = mvc.perform(form(null).param("action", "add-header").param("baseUrl", "http://127.0.0.1:8099")
                .param("headers[0].name", "authorization").param("headers[0].value", "")).andReturn();
        String html = again.getResponse().getContentAsString();
        assertThat(html).doesNotContain("s3cret").contains("placeholder=\"kept (type to replace)\"");

        ScanForm form = new ScanForm();
        ScanForm.HeaderRow row = new ScanForm.HeaderRow();
        row.setName("Authorization");
        form.getHeaders().add(row);
        HeldHeaderValues.holdAndRestore(browser.session, form);
        assertThat(row.getValue()).as("the value held for that name").isEqualTo("Bearer s3cret");
        HeldHeaderValues.release(browser.session);
        ScanForm.HeaderRow later = new ScanForm.HeaderRow();
        later.setName("Authorization");
        form.getHeaders().set(0, later);
        HeldHeaderValues.holdAndRestore(browser.session, form);
        assertThat(later.getValue()).as("released once the scan is submitted").isEmpty();
    }

    @Test
    void theTickedImportedEndpointsAreScannedWithTheFormsOwn() throws Exception {
        MvcResult r = mvc.perform(post("/scans/new").session(browser.session).param("_csrf", browser.csrf)
                .param("action", "submit").param("baseUrl", "http://127.0.0.1:8099")
                .param("endpoints[0].method", "GET").param("endpoints[0].path", "/health")
                .param("imported.source", "swagger.json")
                .param("imported.rows[0].method", "GET").param("imported.rows[0].path", "/api/v1/users/42")
                .param("imported.rows[0].route", "/api/v1/users/:id").param("imported.rows[0].selected", "true")
                .param("_imported.rows[0].selected", "on")
                .param("imported.rows[1].method", "POST").param("imported.rows[1].path", "/api/v1/orders")
                .param("imported.rows[1].body", "{\"customerId\":7}")
                .param("imported.rows[1].contentType", "application/json")
                .param("imported.rows[1].selected", "true").param("_imported.rows[1].selected", "on")
                .param("imported.rows[2].method", "DELETE").param("imported.rows[2].path", "/api/v1/orders/1")
                .param("_imported.rows[2].selected", "on")).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(302);
        String location = r.getResponse().getRedirectedUrl();
        ScanResource scan = scans.resource(scans.get(tenant, UUID.fromString(location.substring(7))));
        assertThat(scan.endpoints()).extracting(e -> e.method() + " " + e.path() + " " + e.route())
                .containsExactly("GET /health /health", "GET /api/v1/users/42 /api/v1/users/:id",
                        "POST /api/v1/orders /api/v1/orders");
        assertThat(scan.endpoints().get(2).body()).isEqualTo("{\"customerId\":7}");
    }

    @Test
    void aDescriptionUrlIsFetchedUnderTheTargetRulesAndARefusalShowsAtTheField() throws Exception {
        String url = "http://127.0.0.1:" + descriptions.getAddress().getPort() + "/swagger/doc.json";
        MvcResult r = mvc.perform(form(null).param("action", "import").param("openapiUrl", url)).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentAsString()).contains("From <code>" + url + "</code>:")
                .contains("<code>GET /api/v1/users  (/api/v1/users?q=leakscan)</code>")
                .contains("GET /api/v1/admin/stats: its security needs the Authorization header (scheme BearerAuth)");

        MvcResult refused = mvc.perform(form(null).param("action", "import")
                .param("openapiUrl", "http://10.255.255.1/swagger/doc.json")).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        assertThat(refused.getResponse().getContentAsString()).contains("id=\"openapiUrl-error\"")
                .contains("10.255.255.1 is not a loopback address and not in the target allow-list");

        MvcResult nothing = mvc.perform(form(null).param("action", "import")).andReturn();
        assertThat(nothing.getResponse().getStatus()).isEqualTo(422);
        assertThat(nothing.getResponse().getContentAsString())
                .contains("give the description&#39;s URL or choose its file");

        MockMultipartFile broken = new MockMultipartFile("openapiFile", "broken.json", "application/json",
                "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {,}\n}".getBytes(StandardCharsets.UTF_8));
        MvcResult unreadable = mvc.perform(form(broken).param("action", "import")).andReturn();
        assertThat(unreadable.getResponse().getStatus()).isEqualTo(422);
        assertThat(unreadable.getResponse().getContentAsString())
                .contains("the description broken.json does not parse at line 3, column");
    }

    @Test
    void aFinishedScanIsRunAgainWithTheSameSettingsFromItsPage() throws Exception {
        ScanRequest asked = new ScanRequest(new ScanRequest.TargetRequest("http://127.0.0.1:8099",
                Map.of("Authorization", "Bearer s3cret")),
                List.of(new ScanRequest.EndpointRequest("POST", "/api/v1/orders", "{\"qty\":1}", "application/json",
                        Map.of("X-Tenant", "acme"), null),
                        new ScanRequest.EndpointRequest("GET", "/users/42", null, null, null, "/users/:id")),
                null, true, null,
                new ScanRequest.InventoryRequest(new ScanRequest.OpenApiRequest(null,
                        new String(swaggo, StandardCharsets.UTF_8)), List.of("GET /api/v1/users*"), null, false),
                null, null, null);
        UUID first = scans.submit(tenant, asked, null).scan().id();

        MvcResult running = mvc.perform(post("/scans/" + first + "/rerun").session(browser.session)
                .param("_csrf", browser.csrf)).andReturn();
        assertThat(running.getResponse().getStatus()).isEqualTo(409);
        assertThat(running.getResponse().getContentAsString()).contains("The scan was not run again: Scan " + first
                + " is still QUEUED; run it again once it has finished.");

        scans.cancel(tenant, first);
        String page = browser.page("/scans/" + first).getResponse().getContentAsString();
        assertThat(page).contains("id=\"rerun\"").contains("the API description is read again");
        MvcResult r = mvc.perform(post("/scans/" + first + "/rerun").session(browser.session)
                .param("_csrf", browser.csrf)).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        String location = r.getResponse().getRedirectedUrl();
        assertThat(location).matches("/scans/[0-9a-f-]{36}\\?notice=rerun");
        UUID second = UUID.fromString(location.substring(7, 43));
        assertThat(second).isNotEqualTo(first);

        ScanResource before = scans.resource(scans.get(tenant, first));
        ScanResource again = scans.resource(scans.get(tenant, second));
        assertThat(again.status().name()).isEqualTo("QUEUED");
        assertThat(again.target()).isEqualTo(before.target());
        assertThat(again.endpoints()).isEqualTo(before.endpoints());
        assertThat(again.echoSpecific()).isTrue();
        assertThat(again.limits()).isEqualTo(before.limits());
        assertThat(again.inventory().document()).isTrue();
        assertThat(again.inventory().include()).containsExactly("GET /api/v1/users*");
        assertThat(browser.page(location).getResponse().getContentAsString())
                .contains("A new scan with the same settings");
    }

    @Test
    void aReadKeySeesNoRerunAndIsRefused() throws Exception {
        ScanRequest asked = new ScanRequest(new ScanRequest.TargetRequest("http://127.0.0.1:8099", Map.of()),
                List.of(), null, false, null, null, null, null);
        UUID id = scans.submit(tenant, asked, null).scan().id();
        scans.cancel(tenant, id);
        DashboardMvc reader = new DashboardMvc(mvc).signIn(keys.issue(tenant, "reader", Role.READ, null).key());
        assertThat(reader.page("/scans/" + id).getResponse().getContentAsString()).doesNotContain("id=\"rerun\"");
        MvcResult r = mvc.perform(post("/scans/" + id + "/rerun").session(reader.session)
                .param("_csrf", reader.csrf)).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
    }
}
