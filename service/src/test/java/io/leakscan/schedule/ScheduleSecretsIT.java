package io.leakscan.schedule;

import io.leakscan.ownership.OwnedTargets;
import io.leakscan.scan.ScanTestConfiguration;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A schedule's request carries endpoint and telemetry headers (the target's credentials) to every run: sealed at
 * rest like a scan's, never shown by the API (it used to return them as given), opened for the runs.
 */
@SpringBootTest(properties = {"leakscan.worker.enabled=false", "leakscan.schedules.enabled=false",
        "leakscan.secrets.keys=k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI="})
@AutoConfigureMockMvc
@Import(ScanTestConfiguration.class)
class ScheduleSecretsIT {

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
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;

    String stored(UUID id) {
        return jdbc.sql("SELECT scan::text FROM schedules WHERE id = :id").param("id", id).query(String.class).single();
    }

    @Test
    void headerValuesAreSealedAtRestRedactedInTheApiAndOpenedForTheRuns() throws Exception {
        UUID tenant = tenants.create("schedule-secrets-" + UUID.randomUUID()).id();
        String key = keys.issue(tenant, "admin").key();
        UUID target = targets.create(tenant, "web", "http://127.0.0.1:9621").id();
        String body = "{\"targetId\": \"" + target + "\", \"cron\": \"@daily\", \"scan\": {\"profile\": \"quick\","
                + " \"endpoints\": [{\"method\": \"GET\", \"path\": \"/a\", \"headers\": {\"Cookie\": \"sid=sched-s3cret\"}}],"
                + " \"telemetry\": {\"headers\": {\"X-Admin\": \"tele-s3cret\"}}}}";
        String created = mvc.perform(post("/api/v1/schedules").header("Authorization", "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        assertThat(created).doesNotContain("s3cret").contains("\"Cookie\":\"[redacted]\"")
                .contains("\"X-Admin\":\"[redacted]\"");
        UUID id = schedules.list(tenant).getFirst().id();
        assertThat(mvc.perform(get("/api/v1/schedules/" + id).header("Authorization", "Bearer " + key))
                .andReturn().getResponse().getContentAsString()).doesNotContain("s3cret").contains("[redacted]");

        assertThat(stored(id)).doesNotContain("s3cret").contains("enc:v1:k2:").contains("\"Cookie\"");
        assertThat(schedules.list(tenant).getFirst().scan()).contains("sid=sched-s3cret").contains("tele-s3cret");

        // a schedule stored before a key was set is sealed by the start-up job
        jdbc.sql("UPDATE schedules SET scan = CAST(:plain AS jsonb) WHERE id = :id").param("id", id)
                .param("plain", "{\"endpoints\": [{\"method\": \"GET\", \"path\": \"/a\", \"headers\": "
                        + "{\"Cookie\": \"sid=old-s3cret\"}}]}").update();
        ApplicationArguments none = new DefaultApplicationArguments();
        for (ApplicationRunner runner : context.getBeansOfType(ApplicationRunner.class).values()) {
            if (runner.getClass().getSimpleName().startsWith("ScanRequestReseal")) {
                runner.run(none);
            }
        }
        assertThat(stored(id)).doesNotContain("old-s3cret").contains("enc:v1:k2:");
        assertThat(schedules.list(tenant).getFirst().scan()).contains("sid=old-s3cret");
    }
}
