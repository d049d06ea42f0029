package io.leakscan.dashboard;

import io.leakscan.SharedServiceContext;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.KeyView;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The dashboard's API keys page: create (shown once), list, revoke; admin keys only. */
@SharedServiceContext
class KeyPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;

    UUID tenant;
    DashboardMvc admin;

    @BeforeEach
    void signedInAdmin() throws Exception {
        tenant = tenants.create("key-pages").id();
        admin = new DashboardMvc(mvc).signIn(keys.issue(tenant, "owner", Role.ADMIN, null).key());
    }

    MvcResult create(String name, String role, String days) throws Exception {
        return mvc.perform(post("/keys").session(admin.session).param("_csrf", admin.csrf)
                .param("name", name).param("role", role).param("expiresInDays", days)).andReturn();
    }

    static String html(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString();
    }

    @Test
    void aNewKeyIsShownOnceWorksWithItsRoleAndCanBeRevoked() throws Exception {
        MvcResult created = create("ci", "scan", "30");
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/keys");

        String page = html(admin.page("/keys"));
        Matcher shown = Pattern.compile("id=\"key-value\"[^>]*value=\"(lsk_[A-Za-z0-9_-]+)\"").matcher(page);
        assertThat(shown.find()).as("the new key on the page").isTrue();
        String key = shown.group(1);
        assertThat(page).contains("(shown only now)").contains("<code>scan</code>");
        assertThat(html(admin.page("/keys"))).doesNotContain(key).doesNotContain("id=\"key-value\"");

        List<KeyView> listed = keys.list(tenant);
        KeyView ci = listed.stream().filter(k -> "ci".equals(k.name())).findFirst().orElseThrow();
        assertThat(ci.role()).isEqualTo(Role.SCAN);
        assertThat(ci.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(Duration.ofMinutes(1)));
        assertThat(mvc.perform(get("/api/v1/scans").header("Authorization", "Bearer " + key)).andReturn()
                .getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + key)).andReturn()
                .getResponse().getStatus()).isEqualTo(403);

        MvcResult revoked = mvc.perform(post("/keys/" + ci.id() + "/revoke").session(admin.session)
                .param("_csrf", admin.csrf)).andReturn();
        assertThat(revoked.getResponse().getRedirectedUrl()).isEqualTo("/keys?notice=revoked");
        assertThat(html(admin.page("/keys?notice=revoked"))).contains("The key was revoked").contains("Revoked");
        assertThat(mvc.perform(get("/api/v1/scans").header("Authorization", "Bearer " + key)).andReturn()
                .getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void badFormsKeepWhatWasTypedAndCreateNothing() throws Exception {
        int before = keys.list(tenant).size();
        MvcResult bad = create("n".repeat(201), "owner", "0");
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(html(bad)).contains("The key was not created")
                .contains("id=\"name-error\" class=\"error\">must be at most 200 characters")
                .contains("id=\"role-error\" class=\"error\">role must be one of read, scan, admin")
                .contains("id=\"expiresInDays-error\" class=\"error\">must be a whole number of days from 1 to 3650")
                .contains("value=\"0\"");
        assertThat(create("x", "read", "soon").getResponse().getStatus()).isEqualTo(422);
        assertThat(keys.list(tenant)).hasSize(before);
    }

    @Test
    void onlyAdminKeysSeeThePageAndNoTenantRevokesAnothersKey() throws Exception {
        assertThat(html(admin.page("/"))).contains("href=\"/keys\"");
        DashboardMvc scanner = new DashboardMvc(mvc).signIn(keys.issue(tenant, "s", Role.SCAN, null).key());
        assertThat(html(scanner.page("/"))).doesNotContain("href=\"/keys\"");
        assertThat(scanner.page("/keys").getResponse().getStatus()).isEqualTo(403);
        MvcResult byScanner = mvc.perform(post("/keys").session(scanner.session).param("_csrf", scanner.csrf)
                .param("role", "admin")).andReturn();
        assertThat(byScanner.getResponse().getStatus()).isEqualTo(403);

        UUID other = tenants.create("other").id();
        ApiKeys.IssuedKey theirs = keys.issue(other, "theirs", Role.ADMIN, null);
        assertThat(html(admin.page("/keys"))).doesNotContain(theirs.id().toString());
        MvcResult revoke = mvc.perform(post("/keys/" + theirs.id() + "/revoke").session(admin.session)
                .param("_csrf", admin.csrf)).andReturn();
        assertThat(revoke.getResponse().getStatus()).isEqualTo(404);
        assertThat(html(revoke)).contains("There is no such API key");
        assertThat(keys.tenantOf(theirs.key())).hasValue(other);
    }
}
