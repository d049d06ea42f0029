package io.leakscan.dashboard;

import io.leakscan.ownership.OwnedTargets;
import io.leakscan.schedule.Schedules;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The dashboard's schedules page: an admin creates a schedule (target, cron, profile, inventory) and deletes it, with
 * the CSRF token; a refusal is the API's problem shown on the form with the values kept; a read key sees no form and
 * is refused anyway.
 */
@SpringBootTest(properties = {"leakscan.worker.enabled=false", "leakscan.schedules.enabled=false"})
@AutoConfigureMockMvc
class SchedulePagesIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    OwnedTargets targets;
    @Autowired
    Schedules schedules;

    UUID tenant;
    UUID target;
    DashboardMvc admin;

    @BeforeEach
    void signedInAdminWithATarget() throws Exception {
        tenant = tenants.create("schedule-pages-" + UUID.randomUUID()).id();
        target = targets.create(tenant, "web", "http://127.0.0.1:9601").id();
        admin = new DashboardMvc(mvc).signIn(keys.issue(tenant, "owner", Role.ADMIN, null).key());
    }

    MvcResult create(DashboardMvc as, String csrf, String cron, String inventory) throws Exception {
        var request = post("/schedules").session(as.session).param("targetId", target.toString())
                .param("cron", cron).param("zone", "Europe/Paris").param("profile", "quick")
                .param("inventory", inventory);
        return mvc.perform(csrf == null ? request : request.param("_csrf", csrf)).andReturn();
    }

    static String html(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString();
    }

    @Test
    void anAdminCreatesAScheduleAndDeletesIt() throws Exception {
        assertThat(html(admin.page("/schedules"))).contains("id=\"create-schedule\"").contains("web (http://127.0.0.1:9601)");

        MvcResult created = create(admin, admin.csrf, "0 30 2 * * MON-FRI", "auto");
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        assertThat(created.getResponse().getRedirectedUrl()).startsWith("/schedules?notice=created#schedule-");
        assertThat(schedules.list(tenant)).singleElement().satisfies(s -> {
            assertThat(s.targetId()).isEqualTo(target);
            assertThat(s.cron()).isEqualTo("0 30 2 * * MON-FRI");
            assertThat(s.zone().getId()).isEqualTo("Europe/Paris");
            assertThat(s.scan()).contains("\"profile\": \"quick\"").contains("\"url\": \"auto\"");
        });
        UUID id = schedules.list(tenant).getFirst().id();
        String page = html(admin.page("/schedules?notice=created"));
        assertThat(page).contains("The schedule was created").contains("0 30 2 * * MON-FRI")
                .contains("/schedules/" + id + "/delete");

        MvcResult deleted = mvc.perform(post("/schedules/" + id + "/delete").session(admin.session)
                .param("_csrf", admin.csrf)).andReturn();
        assertThat(deleted.getResponse().getRedirectedUrl()).isEqualTo("/schedules?notice=deleted");
        assertThat(schedules.list(tenant)).isEmpty();
        assertThat(html(admin.page("/schedules?notice=deleted"))).contains("No schedules yet");
    }

    @Test
    void aRefusalIsTheApisProblemOnTheFormWithTheValuesKept() throws Exception {
        admin.page("/schedules");
        MvcResult bad = create(admin, admin.csrf, "every night", "");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(bad)).contains("id=\"error-summary\"").contains("The schedule was not created")
                .contains("400 Bad Request").contains("cron: ").contains("value=\"every night\"")
                .contains("value=\"Europe/Paris\"");
        MvcResult badProfile = mvc.perform(post("/schedules").session(admin.session).param("_csrf", admin.csrf)
                .param("targetId", target.toString()).param("cron", "@daily").param("profile", "fastest")).andReturn();
        assertThat(badProfile.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(badProfile)).contains("id=\"error-summary\"").contains("profile");
        MvcResult noTarget = mvc.perform(post("/schedules").session(admin.session).param("_csrf", admin.csrf)
                .param("cron", "@daily")).andReturn();
        assertThat(noTarget.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(noTarget)).contains("targetId is required");
        assertThat(schedules.list(tenant)).isEmpty();
    }

    @Test
    void withoutTheCsrfTokenOrAsAReadKeyNothingIsCreatedOrDeleted() throws Exception {
        admin.page("/schedules");
        assertThat(create(admin, null, "@daily", "").getResponse().getStatus()).isEqualTo(403);
        assertThat(schedules.list(tenant)).isEmpty();

        create(admin, admin.csrf, "@daily", "");
        UUID id = schedules.list(tenant).getFirst().id();
        DashboardMvc reader = new DashboardMvc(mvc).signIn(keys.issue(tenant, "viewer", Role.READ, null).key());
        String page = html(reader.page("/schedules"));
        assertThat(page).contains("@daily").doesNotContain("id=\"create-schedule\"").doesNotContain("/delete");
        assertThat(create(reader, reader.csrf, "@hourly", "").getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(post("/schedules/" + id + "/delete").session(reader.session)
                .param("_csrf", reader.csrf)).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(schedules.list(tenant)).hasSize(1);
    }
}
