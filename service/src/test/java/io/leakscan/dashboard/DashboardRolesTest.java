package io.leakscan.dashboard;

import io.leakscan.SharedServiceContext;
import io.leakscan.scan.ScanService;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The dashboard shows only what the signed-in key's role allows, and refuses the rest on the server anyway. */
@SharedServiceContext
class DashboardRolesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    ScanService scans;

    UUID tenant;
    UUID scan;

    @BeforeEach
    void tenantWithAScan() throws Exception {
        tenant = tenants.create("dashboard-roles").id();
        DashboardMvc admin = new DashboardMvc(mvc).signIn(keys.issue(tenant, "a", Role.ADMIN, null).key());
        MvcResult created = mvc.perform(post("/scans/new").session(admin.session).param("_csrf", admin.csrf)
                .param("baseUrl", "http://127.0.0.1:9")
                .param("endpoints[0].method", "GET").param("endpoints[0].path", "/")
                .param("profile", "quick")).andReturn();
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        scan = scans.list(tenant, null, null, 0, 1).items().getFirst().id();
    }

    DashboardMvc signedIn(Role role) throws Exception {
        return new DashboardMvc(mvc).signIn(keys.issue(tenant, role.wire(), role, null).key());
    }

    static String html(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString();
    }

    @Test
    void aReadKeySeesScansButNoWayToStartCancelOrConfigureAndIsRefusedIfItTries() throws Exception {
        DashboardMvc reader = signedIn(Role.READ);
        String list = html(reader.page("/"));
        assertThat(list).contains(scan.toString()).doesNotContain("href=\"/scans/new\"")
                .doesNotContain("href=\"/webhooks\"");
        String page = html(reader.page("/scans/" + scan));
        assertThat(reader.page("/scans/" + scan).getResponse().getStatus()).isEqualTo(200);
        assertThat(page).doesNotContain("Cancel scan");

        MvcResult form = reader.page("/scans/new");
        assertThat(form.getResponse().getStatus()).isEqualTo(403);
        assertThat(html(form)).contains("Not allowed").contains("needs an API key with the scan role")
                .contains("you signed in with a read key");
        MvcResult cancel = mvc.perform(post("/scans/" + scan + "/cancel").session(reader.session)
                .param("_csrf", reader.csrf)).andReturn();
        assertThat(cancel.getResponse().getStatus()).isEqualTo(403);
        assertThat(scans.get(tenant, scan).cancelRequested()).isFalse();
        assertThat(scans.get(tenant, scan).status().isFinal()).isFalse();
        MvcResult submit = mvc.perform(post("/scans/new").session(reader.session).param("_csrf", reader.csrf)
                .param("baseUrl", "http://127.0.0.1:9")).andReturn();
        assertThat(submit.getResponse().getStatus()).isEqualTo(403);
        assertThat(scans.list(tenant, null, null, 0, 10).totalItems()).isOne();
        assertThat(reader.page("/webhooks").getResponse().getStatus()).isEqualTo(403);
        MvcResult subscribe = mvc.perform(post("/webhooks").session(reader.session).param("_csrf", reader.csrf)
                .param("url", "https://example.com/hook")).andReturn();
        assertThat(subscribe.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aScanKeyStartsAndCancelsScansButWebhooksStayHidden() throws Exception {
        DashboardMvc scanner = signedIn(Role.SCAN);
        String list = html(scanner.page("/"));
        assertThat(list).contains("href=\"/scans/new\"").doesNotContain("href=\"/webhooks\"");
        assertThat(html(scanner.page("/scans/" + scan))).contains("Cancel scan");
        assertThat(scanner.page("/scans/new").getResponse().getStatus()).isEqualTo(200);
        assertThat(scanner.page("/webhooks").getResponse().getStatus()).isEqualTo(403);
        MvcResult cancel = mvc.perform(post("/scans/" + scan + "/cancel").session(scanner.session)
                .param("_csrf", scanner.csrf)).andReturn();
        assertThat(cancel.getResponse().getStatus()).isEqualTo(302);
        assertThat(scans.get(tenant, scan).status().isFinal()).isTrue();
    }

    @Test
    void anAdminKeySeesEverythingAndAnExpiredKeyCannotSignIn() throws Exception {
        DashboardMvc admin = signedIn(Role.ADMIN);
        assertThat(html(admin.page("/"))).contains("href=\"/scans/new\"").contains("href=\"/webhooks\"");
        assertThat(admin.page("/webhooks").getResponse().getStatus()).isEqualTo(200);

        String expiring = keys.issue(tenant, "soon", Role.ADMIN, Instant.now().plusMillis(300)).key();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> keys.tenantOf(expiring).isEmpty());
        DashboardMvc late = new DashboardMvc(mvc);
        late.page("/sign-in");
        MvcResult refused = mvc.perform(post("/sign-in").session(late.session).param("_csrf", late.csrf)
                .param("apiKey", expiring)).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(html(refused)).contains("unknown, revoked or expired");
    }

    @Test
    void targetsAndSchedulesAreReadByEveryRoleButOnlyAnAdminRegistersChecksOrReadsTheAuditLog() throws Exception {
        DashboardMvc reader = signedIn(Role.READ);
        String list = html(reader.page("/"));
        assertThat(list).contains("href=\"/targets\"").contains("href=\"/schedules\"")
                .doesNotContain("href=\"/audit\"");
        MvcResult targets = reader.page("/targets");
        assertThat(targets.getResponse().getStatus()).isEqualTo(200);
        assertThat(html(targets)).doesNotContain("id=\"register-target\"");
        assertThat(reader.page("/schedules").getResponse().getStatus()).isEqualTo(200);
        assertThat(reader.page("/audit").getResponse().getStatus()).isEqualTo(403);
        MvcResult register = mvc.perform(post("/targets").session(reader.session).param("_csrf", reader.csrf)
                .param("name", "web").param("baseUrl", "http://127.0.0.1:9")).andReturn();
        assertThat(register.getResponse().getStatus()).isEqualTo(403);
        assertThat(html(reader.page("/targets"))).contains("No targets yet");

        DashboardMvc admin = signedIn(Role.ADMIN);
        assertThat(html(admin.page("/"))).contains("href=\"/audit\"");
        MvcResult bad = mvc.perform(post("/targets").session(admin.session).param("_csrf", admin.csrf)
                .param("name", "web").param("baseUrl", "ftp://127.0.0.1/")).andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(bad)).contains("The target was not registered").contains("baseUrl:");
        MvcResult created = mvc.perform(post("/targets").session(admin.session).param("_csrf", admin.csrf)
                .param("name", "web").param("baseUrl", "http://127.0.0.1:9")).andReturn();
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        MvcResult again = mvc.perform(post("/targets").session(admin.session).param("_csrf", admin.csrf)
                .param("name", "web").param("baseUrl", "http://127.0.0.1:9")).andReturn();
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(html(reader.page("/targets"))).contains("http://127.0.0.1:9").doesNotContain("verify-http");
        MvcResult otherTenants = mvc.perform(post("/targets/" + UUID.randomUUID() + "/verify")
                .session(admin.session).param("_csrf", admin.csrf).param("method", "http")).andReturn();
        assertThat(otherTenants.getResponse().getStatus()).isEqualTo(404);
        MvcResult badMethod = mvc.perform(post("/targets/" + UUID.randomUUID() + "/verify")
                .session(admin.session).param("_csrf", admin.csrf).param("method", "smtp")).andReturn();
        assertThat(badMethod.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(admin.page("/audit"))).contains("target.created").contains("dashboard, key ");
    }
}
