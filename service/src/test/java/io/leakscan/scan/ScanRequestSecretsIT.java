package io.leakscan.scan;

import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A scan's target, telemetry and endpoint headers (the target's own credentials) are sealed in {@code scans.request}
 * with a key configured; the worker's claim and the store read the real values back, the API shows none.
 */
@SpringBootTest(properties = {"leakscan.worker.enabled=false",
        "leakscan.secrets.keys=k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI="})
@AutoConfigureMockMvc
@Import(ScanTestConfiguration.class)
class ScanRequestSecretsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    ScanStore store;
    @Autowired
    ScanQueue queue;
    @Autowired
    ScanRequestReseal reseal;

    @Test
    void headerValuesAreSealedAtRestAndOpenedForTheWorker() throws Exception {
        UUID tenant = tenants.create("headers-" + UUID.randomUUID()).id();
        String key = keys.issue(tenant, "admin").key();
        jdbc.sql("DELETE FROM scans").update();
        String body = """
                {"target": {"baseUrl": "http://127.0.0.1:9711", "headers": {"Authorization": "Bearer target-s3cret"}},
                 "telemetry": {"headers": {"X-Admin": "telemetry-s3cret"}},
                 "endpoints": [{"method": "GET", "path": "/a", "headers": {"Cookie": "session=endpoint-s3cret"}}]}""";
        String answer = mvc.perform(post("/api/v1/scans").header("Authorization", "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        UUID id = UUID.fromString(json.readTree(answer).get("id").asString());

        String stored = jdbc.sql("SELECT request::text FROM scans WHERE id = :id").param("id", id)
                .query(String.class).single();
        assertThat(stored).doesNotContain("s3cret").contains("\"Authorization\"").contains("\"Cookie\"")
                .contains("\"X-Admin\"").contains("enc:v1:k2:");

        assertThat(store.find(tenant, id).orElseThrow().request()).contains("Bearer target-s3cret")
                .contains("telemetry-s3cret").contains("session=endpoint-s3cret");
        ScanQueue.Claimed claimed = queue.claim("n1", Instant.now()).orElseThrow();
        assertThat(claimed.id()).isEqualTo(id);
        JsonNode spec = json.readTree(claimed.request());
        assertThat(spec.at("/target/headers/Authorization").asString()).isEqualTo("Bearer target-s3cret");
        assertThat(spec.at("/target/telemetryHeaders/X-Admin").asString()).isEqualTo("telemetry-s3cret");
        assertThat(spec.at("/endpoints/0/headers/Cookie").asString()).isEqualTo("session=endpoint-s3cret");

        String shown = mvc.perform(get("/api/v1/scans/" + id).header("Authorization", "Bearer " + key))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(shown).doesNotContain("s3cret").doesNotContain("enc:v1");
    }

    @Test
    void aRequestStoredBeforeAKeyWasSetIsSealedByTheStartUpJob() {
        UUID tenant = tenants.create("plain-" + UUID.randomUUID()).id();
        UUID id = UUID.randomUUID();
        String plain = "{\"target\": {\"baseUrl\": \"http://127.0.0.1:9712\", \"headers\": {\"Authorization\": "
                + "\"Bearer old-s3cret\"}}, \"endpoints\": []}";
        jdbc.sql("""
                        INSERT INTO scans (id, tenant_id, status, progress, queued_at, attempt, target_base_url, target_key,
                            profile, echo_specific, request, request_hash, version)
                        VALUES (:id, :tenant, 'SUCCEEDED', 100, now(), 1, 'http://127.0.0.1:9712', '127.0.0.1:9712',
                            'quick', false, CAST(:request AS jsonb), 'h', 0)""")
                .param("id", id).param("tenant", tenant).param("request", plain).update();

        assertThat(reseal.resealAll()).isGreaterThanOrEqualTo(1);
        String stored = jdbc.sql("SELECT request::text FROM scans WHERE id = :id").param("id", id)
                .query(String.class).single();
        assertThat(stored).doesNotContain("old-s3cret").contains("enc:v1:k2:");
        assertThat(store.find(tenant, id).orElseThrow().request()).contains("Bearer old-s3cret");
        assertThat(reseal.resealAll()).as("nothing left to seal").isZero();
    }
}
