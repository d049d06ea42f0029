package io.leakscan.tenant;

import io.leakscan.scan.ScanTestConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit log through the API against the real database: each security-relevant action appears once with who did
 * it, a quota refusal stays although its transaction rolled back, pages are stable, and a tenant sees only its own.
 */
@SpringBootTest(properties = {"leakscan.worker.enabled=false",
        "leakscan.webhooks.allow-private-destinations=true"})
@AutoConfigureMockMvc
@Import(ScanTestConfiguration.class)
class AuditLogIT {

    static final String OPERATOR_KEY = "test-admin-key-000000000000000000000";

    @Autowired
    MockMvc mvc;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    JsonMapper json;

    UUID tenant;
    String admin;
    String adminShown;

    @BeforeEach
    void newTenant() {
        tenant = tenants.create("audit-" + UUID.randomUUID()).id();
        admin = keys.issue(tenant, "first admin").key();
        adminShown = "key " + ApiKeys.shown(admin) + "…";
    }

    ResultActions call(String key, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + key));
    }

    JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    JsonNode audit(String query) throws Exception {
        return body(call(admin, get("/api/v1/audit" + query)).andExpect(status().isOk()));
    }

    List<String> actions(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("entries").forEach(e -> out.add(e.get("action").asString()));
        return out;
    }

    @Test
    void keysWebhooksTargetsAndQuotasAreRecordedWithWhoDidIt() throws Exception {
        JsonNode key = body(call(admin, post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"ci\", \"role\": \"scan\"}")).andExpect(status().isCreated()));
        call(admin, delete("/api/v1/keys/" + key.get("id").asString())).andExpect(status().isNoContent());

        JsonNode hook = body(call(admin, post("/api/v1/webhooks").contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"scan.succeeded\"]}"))
                .andExpect(status().isCreated()));
        String hookId = hook.get("id").asString();
        call(admin, patch("/api/v1/webhooks/" + hookId).contentType(MediaType.APPLICATION_JSON)
                .content("{\"active\": false}")).andExpect(status().isOk());
        call(admin, post("/api/v1/webhooks/" + hookId + "/rotate-secret")).andExpect(status().isOk());
        call(admin, delete("/api/v1/webhooks/" + hookId)).andExpect(status().isNoContent());

        JsonNode target = body(call(admin, post("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"web\", \"baseUrl\": \"http://127.0.0.1:9\"}")).andExpect(status().isCreated()));
        call(admin, post("/api/v1/targets/" + target.get("id").asString() + "/verify")
                .contentType(MediaType.APPLICATION_JSON).content("{\"method\": \"http\"}"))
                .andExpect(status().isUnprocessableContent());

        call(OPERATOR_KEY, put("/api/v1/admin/tenants/" + tenant + "/quota").contentType(MediaType.APPLICATION_JSON)
                .content("{\"concurrentScans\": 1}")).andExpect(status().isOk());

        JsonNode page = audit("");
        assertThat(actions(page)).containsExactly("quota.changed", "target.not_verified", "target.created",
                "webhook.deleted", "webhook.secret_rotated", "webhook.changed", "webhook.created", "key.revoked",
                "key.created", "key.created");
        JsonNode entries = page.get("entries");
        assertThat(entries.get(0).get("actor").asString()).isEqualTo("operator");
        assertThat(entries.get(9).get("actor").asString()).as("the set-up's key, made outside any request")
                .isEqualTo("leakscan");
        for (int i = 1; i < entries.size() - 1; i++) {
            assertThat(entries.get(i).get("actor").asString()).isEqualTo(adminShown);
        }
        assertThat(entries.get(8).get("subject").asString()).isEqualTo(key.get("id").asString());
        assertThat(entries.get(8).get("detail").asString()).contains("role scan", "name ci");
        assertThat(entries.get(6).get("detail").asString()).contains("http://127.0.0.1:9/hook", "scan.succeeded");
        assertThat(entries.get(1).get("detail").asString()).startsWith("http: ");
        assertThat(page.get("next").isNull()).isTrue();
    }

    @Test
    void aQuotaRefusalIsRecordedAlthoughItsTransactionRolledBack() throws Exception {
        call(OPERATOR_KEY, put("/api/v1/admin/tenants/" + tenant + "/quota").contentType(MediaType.APPLICATION_JSON)
                .content("{\"concurrentScans\": 1}")).andExpect(status().isOk());
        String scan = "{\"target\": {\"baseUrl\": \"http://127.0.0.1:9\"}, \"profile\": \"quick\"}";
        call(admin, post("/api/v1/scans").contentType(MediaType.APPLICATION_JSON).content(scan))
                .andExpect(status().isAccepted());
        call(admin, post("/api/v1/scans").contentType(MediaType.APPLICATION_JSON).content(scan))
                .andExpect(status().isTooManyRequests());

        JsonNode refused = audit("").get("entries").get(0);
        assertThat(refused.get("action").asString()).isEqualTo("quota.refused");
        assertThat(refused.get("subject").asString()).isEqualTo("concurrentScans");
        assertThat(refused.get("detail").asString()).contains("quota concurrentScans is 1");
        assertThat(refused.get("actor").asString()).isEqualTo(adminShown);
    }

    @Test
    void pagesFollowNextAndAnotherTenantSeesNothing() throws Exception {
        for (int i = 0; i < 5; i++) {
            call(admin, post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"role\": \"read\"}")).andExpect(status().isCreated());
        }
        JsonNode first = audit("?limit=3");
        assertThat(first.get("entries")).hasSize(3);
        JsonNode second = audit("?limit=3&before=" + first.get("next").asLong());
        assertThat(second.get("entries")).as("the other two, and the set-up's key").hasSize(3);
        assertThat(second.get("next").isNull()).isTrue();
        assertThat(second.get("entries").get(0).get("id").asLong())
                .isLessThan(first.get("entries").get(2).get("id").asLong());

        UUID other = tenants.create("audit-other-" + UUID.randomUUID()).id();
        String otherAdmin = keys.issue(other, "admin").key();
        // only its own key's creation, none of the first tenant's entries
        call(otherAdmin, get("/api/v1/audit")).andExpect(status().isOk())
                .andExpect(jsonPath("$.entries.length()").value(1))
                .andExpect(jsonPath("$.entries[0].detail").value("role admin, name admin"));
        String reader = keys.issue(tenant, "reader", Role.READ, null).key();
        call(reader, get("/api/v1/audit")).andExpect(status().isForbidden());
        call(admin, get("/api/v1/audit?limit=0")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("limit")));
    }
}
