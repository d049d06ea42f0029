package io.leakscan.dashboard;

import io.leakscan.SharedServiceContext;
import io.leakscan.report.ReportJson;
import io.leakscan.scan.Profile;
import io.leakscan.scan.ScanRequest;
import io.leakscan.scan.ScanService;
import io.leakscan.telemetry.Capability;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every dashboard page in its states, against the real service and database. Workers are off, so a scan stays where
 * the test puts it: the states are written to the scan's row as the worker would.
 */
@SharedServiceContext
class DashboardPagesTest {

    static final AtomicInteger PORTS = new AtomicInteger(20000);

    @Autowired
    MockMvc mvc;
    @Autowired
    ScanService scans;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    /** A fresh tenant per test, so "empty" really is empty. */
    UUID tenant;
    String key;
    DashboardMvc browser;

    @BeforeEach
    void newTenant() throws Exception {
        tenant = tenants.create("dashboard-test").id();
        key = keys.issue(tenant, "dashboard").key();
        browser = new DashboardMvc(mvc).signIn(key);
    }

    UUID submit(UUID tenantId) {
        String target = "http://127.0.0.1:" + PORTS.incrementAndGet();
        ScanRequest request = new ScanRequest(new ScanRequest.TargetRequest(target, Map.of("Authorization", "s3cret")),
                List.of(new ScanRequest.EndpointRequest("GET", "/stream", null, null, null, null)), Profile.QUICK,
                true, null, null, null, null);
        return scans.submit(tenantId, request, null).scan().id();
    }

    void running(UUID id, String phase, int progress) {
        jdbc.sql("UPDATE scans SET status = 'RUNNING', phase = :phase, progress = :progress, started_at = now(), "
                        + "heartbeat_at = now(), attempt = 1, picked_by = 'test', version = version + 1 WHERE id = :id")
                .param("phase", phase).param("progress", progress).param("id", id).update();
    }

    void failed(UUID id, String code, String message) {
        jdbc.sql("UPDATE scans SET status = 'FAILED', phase = 'preflight', started_at = now() - interval '3 seconds', "
                        + "finished_at = now(), attempt = 1, failure_code = :code, failure_message = :message, "
                        + "verdict = 'INCONCLUSIVE', summary = :summary, version = version + 1 WHERE id = :id")
                .param("code", code).param("message", message)
                .param("summary", "The scan did not complete (" + code + "): " + message).param("id", id).update();
    }

    String html(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString();
    }

    @Test
    void signedOutVisitorsAreSentToSignIn() throws Exception {
        MvcResult r = mvc.perform(get("/")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/sign-in");
        r = mvc.perform(get("/scans/" + UUID.randomUUID())).andReturn();
        assertThat(r.getResponse().getRedirectedUrl()).startsWith("/sign-in?next=%2Fscans%2F");
        // an htmx poll with an expired session is told to go to the sign-in page
        r = mvc.perform(get("/scans/rows").header("HX-Request", "true")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat(r.getResponse().getHeader("HX-Redirect")).isEqualTo("/sign-in");
    }

    @Test
    void signInRejectsUnknownKeysAndSetsAHardenedCookie() throws Exception {
        DashboardMvc other = new DashboardMvc(mvc);
        MvcResult page = other.page("/sign-in");
        assertThat(html(page)).contains("<label for=\"apiKey\">API key</label>").contains("name=\"_csrf\"");
        MvcResult bad = mvc.perform(post("/sign-in").session(other.session).param("_csrf", other.csrf)
                .param("apiKey", "lsk_not_a_key")).andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(401);
        assertThat(html(bad)).contains("This API key is unknown, revoked or expired.").contains("aria-invalid=\"true\"");
        MvcResult blank = mvc.perform(post("/sign-in").session(other.session).param("_csrf", other.csrf)
                .param("apiKey", "")).andReturn();
        assertThat(html(blank)).contains("Enter an API key.");
        assertThat(mvc.perform(get("/").session(other.session)).andReturn().getResponse().getStatus()).isEqualTo(302);

        String before = other.session.getId();
        MvcResult ok = mvc.perform(post("/sign-in").session(other.session).param("_csrf", other.csrf)
                .param("apiKey", key).param("next", "//evil.example/")).andReturn();
        assertThat(ok.getResponse().getRedirectedUrl()).isEqualTo("/"); // never off-site
        assertThat(other.session.getId()).as("a new session id on sign-in").isNotEqualTo(before);
        assertThat(SignInController.safeNext("/scans/1?x=2")).isEqualTo("/scans/1?x=2");
        assertThat(SignInController.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(SignInController.safeNext("https://evil.example")).isEqualTo("/");
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        MvcResult r = mvc.perform(post("/sign-out").session(browser.session).param("_csrf", browser.csrf)).andReturn();
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/sign-in?signedOut");
        assertThat(browser.session.isInvalid()).isTrue();
        MockHttpSession fresh = new MockHttpSession();
        assertThat(mvc.perform(get("/").session(fresh)).andReturn().getResponse().getStatus()).isEqualTo(302);
    }

    @Test
    void formsWithoutTheSessionsTokenAreRejected() throws Exception {
        UUID id = submit(tenant);
        for (String token : new String[]{null, "", "forged-token"}) {
            var request = post("/scans/" + id + "/cancel").session(browser.session);
            if (token != null) {
                request.param("_csrf", token);
            }
            MvcResult r = mvc.perform(request).andReturn();
            assertThat(r.getResponse().getStatus()).isEqualTo(403);
            assertThat(html(r)).contains("Form expired").contains("Nothing was changed");
        }
        assertThat(scans.get(tenant, id).status().name()).isEqualTo("QUEUED");
        MvcResult newScan = mvc.perform(post("/scans/new").session(browser.session).param("baseUrl", "http://127.0.0.1:9"))
                .andReturn();
        assertThat(newScan.getResponse().getStatus()).isEqualTo(403);
        // signing out needs the token too (no logout CSRF)
        assertThat(mvc.perform(post("/sign-out").session(browser.session)).andReturn().getResponse().getStatus())
                .isEqualTo(403);
        // and the header form, for scripted requests, works
        MvcResult viaHeader = mvc.perform(post("/scans/" + id + "/cancel").session(browser.session)
                .header("X-CSRF-Token", browser.csrf)).andReturn();
        assertThat(viaHeader.getResponse().getStatus()).isEqualTo(302);
        assertThat(scans.get(tenant, id).status().name()).isEqualTo("CANCELLED");
    }

    @Test
    void emptyListInvitesTheFirstScan() throws Exception {
        MvcResult r = browser.page("/");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(html(r)).contains("No scans yet").contains("href=\"/scans/new\"").doesNotContain("hx-trigger");
        assertThat(r.getResponse().getHeader("Content-Security-Policy")).contains("script-src 'self'");
        MvcResult filtered = browser.page("/?status=FAILED");
        assertThat(html(filtered)).contains("No scans match");
    }

    @Test
    void listShowsBadgesFiltersPagesAndPollsWhileScansRun() throws Exception {
        UUID queued = submit(tenant);
        UUID run = submit(tenant);
        running(run, "probe", 40);
        UUID failedScan = submit(tenant);
        failed(failedScan, "CONNECTION_REFUSED", "Nothing listens on 127.0.0.1.");

        String page = html(browser.page("/"));
        assertThat(page).contains(queued.toString(), run.toString(), failedScan.toString())
                .contains("status-running").contains("40 %").contains("status-failed")
                .contains("verdict-inconclusive").contains("Inconclusive")
                .contains("hx-get=\"/scans/rows?page=0\"").contains("hx-trigger=\"every 2s\"")
                .doesNotContain("s3cret");

        String onlyFailed = html(browser.page("/?status=FAILED"));
        assertThat(onlyFailed).contains(failedScan.toString()).doesNotContain(queued.toString())
                .doesNotContain("hx-trigger"); // nothing on this page can change
        String fragment = html(browser.page("/scans/rows?status=RUNNING"));
        assertThat(fragment).startsWith("<section id=\"scan-rows\"").contains(run.toString())
                .doesNotContain("<html");

        String target = scans.get(tenant, run).targetBaseUrl();
        assertThat(html(browser.page("/?target=" + target))).contains(run.toString())
                .doesNotContain(queued.toString());
        MvcResult badTarget = browser.page("/?target=not%20a%20url");
        assertThat(badTarget.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(badTarget)).contains("id=\"target-error\"").contains("absolute http or https URL");

        for (int i = 0; i < 21; i++) {
            submit(tenant);
        }
        String first = html(browser.page("/"));
        assertThat(first).contains("Page 1 of 2 (24 scans)").contains("rel=\"next\"");
        String second = html(browser.page("/?page=1"));
        assertThat(second).contains("Page 2 of 2").contains(queued.toString()); // the oldest is on the last page
    }

    @Test
    void anotherTenantsScanIsANotFoundPage() throws Exception {
        UUID otherTenant = tenants.create("other").id();
        UUID theirs = submit(otherTenant);
        for (String path : List.of("/scans/" + theirs, "/scans/" + theirs + "/status")) {
            MvcResult r = browser.page(path);
            assertThat(r.getResponse().getStatus()).as(path).isEqualTo(404);
            assertThat(r.getResponse().getContentType()).startsWith("text/html");
            assertThat(html(r)).contains("Not found").doesNotContain(theirs.toString() + "</code>");
        }
        assertThat(mvc.perform(get("/scans/" + theirs + "/events").session(browser.session)
                .accept(MediaType.TEXT_EVENT_STREAM)).andReturn().getResponse().getStatus())
                .as("another tenant's event stream").isEqualTo(404);
        MvcResult cancel = mvc.perform(post("/scans/" + theirs + "/cancel").session(browser.session)
                .param("_csrf", browser.csrf)).andReturn();
        assertThat(cancel.getResponse().getStatus()).isEqualTo(404);
        assertThat(scans.get(otherTenant, theirs).status().name()).isEqualTo("QUEUED");
        assertThat(html(browser.page("/"))).doesNotContain(theirs.toString());
        assertThat(browser.page("/scans/not-a-uuid").getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void queuedAndRunningScansPollTheirStatus() throws Exception {
        UUID id = submit(tenant);
        String queued = html(browser.page("/scans/" + id));
        assertThat(queued).contains("Waiting for a free worker").contains("hx-get=\"/scans/" + id + "/status\"")
                .contains("Cancel scan").doesNotContain("id=\"downloads\"");

        running(id, "probe", 55);
        MvcResult status = browser.page("/scans/" + id + "/status");
        assertThat(html(status)).startsWith("<section id=\"status\"").contains("Phase <strong id=\"phase\">probe</strong>")
                .contains("value=\"55\"").contains("hx-trigger=\"leakscan:scan from:body, every 5s\"")
                .contains("data-events=\"/scans/" + id + "/events\"");
        assertThat(status.getResponse().getHeader("HX-Refresh")).isNull();
        // the events that drive it: the scan's Server-Sent Events, behind the session
        MvcResult stream = mvc.perform(get("/scans/" + id + "/events").session(browser.session)
                .accept(MediaType.TEXT_EVENT_STREAM)).andReturn();
        assertThat(stream.getRequest().isAsyncStarted()).isTrue();
        assertThat(stream.getResponse().getContentType()).startsWith("text/event-stream");
        assertThat(mvc.perform(get("/scans/" + id + "/events").accept(MediaType.TEXT_EVENT_STREAM))
                .andReturn().getResponse().getStatus()).as("without a session").isEqualTo(302);

        MvcResult cancel = mvc.perform(post("/scans/" + id + "/cancel").session(browser.session)
                .param("_csrf", browser.csrf)).andReturn();
        assertThat(cancel.getResponse().getRedirectedUrl()).isEqualTo("/scans/" + id + "?notice=cancel-requested");
        assertThat(html(browser.page("/scans/" + id + "?notice=cancel-requested")))
                .contains("Cancellation requested").contains("Cancelling…");
    }

    @Test
    void failedScanShowsWhyAndMakesNoClaim() throws Exception {
        UUID id = submit(tenant);
        failed(id, "CONNECTION_REFUSED", "Nothing listens on 127.0.0.1.");
        String page = html(browser.page("/scans/" + id));
        assertThat(page).contains("The scan failed: <code>CONNECTION_REFUSED</code>")
                .contains("Nothing listens on 127.0.0.1.").contains("Verdict: <span")
                .contains("Inconclusive").doesNotContain("hx-trigger").doesNotContain("Cancel scan");
        MvcResult status = browser.page("/scans/" + id + "/status");
        assertThat(status.getResponse().getHeader("HX-Refresh")).as("a final scan reloads the page").isEqualTo("true");
        MvcResult late = mvc.perform(post("/scans/" + id + "/cancel").session(browser.session)
                .param("_csrf", browser.csrf)).andReturn();
        assertThat(late.getResponse().getRedirectedUrl()).isEqualTo("/scans/" + id + "?notice=already-finished");
    }

    @Test
    void succeededScanShowsVerdictFindingsBySeverityStacksAndDownloads() throws Exception {
        UUID id = submit(tenant);
        new StoredResults(jdbc).succeeded(id, "middleware-leaky");
        String page = html(browser.page("/scans/" + id));
        assertThat(page).contains("Verdict: <span").contains("Leaks found").contains("id=\"summary\"")
                .contains("id=\"sev-high\"").contains("id=\"sev-medium\"")
                .contains("id=\"finding-1\"").contains("id=\"finding-2\"")
                .contains("main.orphanedWork.func1.1").contains("cmd/brief-middleware-leaky/server.go:33")
                .contains("<h5>Fix</h5>").contains("<code>ctx, cancel := context.WithTimeout(")
                .contains("<dt>Scope</dt><dd>MIDDLEWARE</dd>").contains("Confidence")
                .contains("Discovered telemetry").contains("/debug/pprof/goroutine?debug=1")
                .contains("missing: no Prometheus endpoint")
                .contains("href=\"/scans/" + id + "/report/sarif\"").contains("href=\"/scans/" + id + "/report/junit\"")
                .doesNotContain("hx-trigger");
        // high before medium: grouped by severity, most severe first
        assertThat(page.indexOf("id=\"sev-high\"")).isLessThan(page.indexOf("id=\"sev-medium\""));

        MvcResult sarif = browser.page("/scans/" + id + "/report/sarif");
        assertThat(sarif.getResponse().getStatus()).isEqualTo(200);
        assertThat(sarif.getResponse().getContentType()).startsWith("application/sarif+json");
        assertThat(sarif.getResponse().getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"leakscan-" + id + ".sarif\"");
        assertThat(html(sarif)).contains("\"version\" : \"2.1.0\"");
        for (String format : List.of("json", "junit", "html", "markdown")) {
            MvcResult r = browser.page("/scans/" + id + "/report/" + format);
            assertThat(r.getResponse().getStatus()).as(format).isEqualTo(200);
            assertThat(r.getResponse().getContentAsByteArray()).as(format).isNotEmpty();
        }
        assertThat(browser.page("/scans/" + id + "/report/pdf").getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void inconclusiveScanSaysWhyAndMakesNoCleanClaim() throws Exception {
        UUID id = submit(tenant);
        new StoredResults(jdbc).succeeded(id, "inconclusive");
        String page = html(browser.page("/scans/" + id));
        assertThat(page).contains("Inconclusive").contains("Inconclusive means the scan could not measure enough")
                .contains("no claim that there are none").doesNotContain("No leaks found");
        assertThat(html(browser.page("/"))).contains("verdict-inconclusive");
    }

    @Test
    void cleanScanSaysSo() throws Exception {
        UUID id = submit(tenant);
        new StoredResults(jdbc).succeeded(id, "clean");
        assertThat(html(browser.page("/scans/" + id))).contains("No\n            leaks found")
                .contains("verdict-clean").doesNotContain("id=\"finding-1\"");
    }

    @Test
    void chartDataFollowsTheSamplesAndIsTenantScoped() throws Exception {
        UUID id = submit(tenant);
        running(id, "load", 50);
        new StoredResults(jdbc).samples(id, 40);
        MvcResult r = browser.page("/scans/" + id + "/series.json");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        var json = ReportJson.mapper().readTree(html(r));
        assertThat(json.path("live").asBoolean()).isTrue();
        assertThat(json.path("status").asString()).isEqualTo("RUNNING");
        assertThat(json.path("series").path("offsetsMs")).hasSize(40);
        assertThat(json.path("series").path("goroutines").get(39).asDouble()).isEqualTo(88.0);
        assertThat(json.path("series").path("openFds")).isEmpty();
        assertThat(json.path("series").path("phases").get(1).path("endpoint").path("path").asString())
                .isEqualTo("/stream");
        // a running scan has no report yet
        MvcResult early = browser.page("/scans/" + id + "/report/json");
        assertThat(early.getResponse().getStatus()).isEqualTo(409);
        assertThat(html(early)).contains("its reports are ready when it ends");

        DashboardMvc stranger = new DashboardMvc(mvc).signIn(DashboardMvc.BOOTSTRAP_KEY);
        assertThat(stranger.page("/scans/" + id + "/series.json").getResponse().getStatus()).isEqualTo(404);
        assertThat(stranger.page("/scans/" + id + "/report/json").getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/scans/" + id + "/series.json")).andReturn().getResponse().getStatus())
                .isEqualTo(302);
    }

    @Test
    void runningScanShowsWhatDiscoveryFoundAndTheEndpointUnderTest() throws Exception {
        UUID id = submit(tenant);
        running(id, "probing", 30);
        var discovery = new DiscoveryReport(List.of(),
                Map.of(Capability.GOROUTINE_COUNT, new DiscoveryReport.Offer(
                        Capability.GOROUTINE_COUNT, List.of("/debug/pprof/goroutine?debug=1"),
                        "/debug/pprof/goroutine?debug=1")),
                List.of(new DiscoveryReport.Missing(Capability.OPEN_FDS,
                        Capability.OPEN_FDS.whyItMatters())),
                List.of());
        jdbc.sql("UPDATE scans SET discovery = CAST(:d AS jsonb), current_endpoint = 'GET /stream', "
                        + "version = version + 1 WHERE id = :id")
                .param("d", json.writeValueAsString(discovery)).param("id", id).update();
        String page = html(browser.page("/scans/" + id));
        assertThat(page).contains("<code id=\"current-endpoint\">GET /stream</code>")
                .contains("id=\"discovery-h\"").contains("Goroutine count")
                .contains("<code>/debug/pprof/goroutine?debug=1</code>")
                .contains("missing: without open file descriptors");
    }

    @Test
    void theApiDescriptionListsNoDashboardPages() throws Exception {
        String apiDocs = mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString();
        assertThat(apiDocs).contains("/api/v1/scans").doesNotContain("/sign-in").doesNotContain("/scans/new")
                .doesNotContain("series.json");
    }
}
