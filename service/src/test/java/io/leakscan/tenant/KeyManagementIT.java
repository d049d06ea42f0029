package io.leakscan.tenant;

import io.leakscan.scan.ScanTestConfiguration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A tenant admin's key management, expiry and last use, against the real database with a clock the test sets. */
@SpringBootTest(properties = "leakscan.worker.enabled=false")
@AutoConfigureMockMvc
@Import({ScanTestConfiguration.class, SettableClockConfiguration.class})
class KeyManagementIT {

    static final String OPERATOR_KEY = "test-admin-key-000000000000000000000";
    static final Instant T0 = SettableClockConfiguration.T0;

    @Autowired
    MockMvc mvc;
    @Autowired
    SettableClock clock;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    UUID tenant;
    String admin;

    @BeforeEach
    void newTenant() {
        clock.set(T0.minusSeconds(1)); // listed first: keys are listed oldest first
        tenant = tenants.create("keys-test").id();
        admin = keys.issue(tenant, "admin", Role.ADMIN, null).key();
        clock.set(T0);
    }

    ResultActions call(String key, MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + key));
    }

    JsonNode created(String body) throws Exception {
        return json.readTree(call(admin, post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
    }

    @Test
    void anAdminCreatesListsAndRevokesItsTenantsKeysAndTheKeyIsShownOnce() throws Exception {
        JsonNode reader = created("{\"name\": \"dashboards\", \"role\": \"read\"}");
        String key = reader.get("key").asString();
        assertThat(key).startsWith("lsk_");
        assertThat(reader.get("role").asString()).isEqualTo("read");
        assertThat(reader.get("prefix").asString()).isEqualTo(key.substring(0, 12));

        String listing = call(admin, get("/api/v1/keys")).andExpect(status().isOk())
                .andExpect(jsonPath("$[1].name").value("dashboards"))
                .andExpect(jsonPath("$[1].role").value("read"))
                .andExpect(jsonPath("$[1].revokedAt").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        assertThat(listing).doesNotContain(key).doesNotContain(ApiKeys.hash(key));

        call(key, get("/api/v1/scans")).andExpect(status().isOk());
        call(key, post("/api/v1/scans").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("This needs a key with the scan role; this key has the read role."));

        call(admin, delete("/api/v1/keys/" + reader.get("id").asString())).andExpect(status().isNoContent());
        call(key, get("/api/v1/scans")).andExpect(status().isUnauthorized());
        call(admin, get("/api/v1/keys")).andExpect(jsonPath("$[1].revokedAt").value("2026-06-01T12:00:00Z"));
    }

    @Test
    void noTenantSeesOrRevokesAnotherTenantsKeys() throws Exception {
        UUID other = tenants.create("other").id();
        ApiKeys.IssuedKey theirs = keys.issue(other, "theirs", Role.READ, null);
        call(admin, delete("/api/v1/keys/" + theirs.id())).andExpect(status().isNotFound());
        call(admin, get("/api/v1/keys")).andExpect(content().string(not(
                containsString(theirs.id().toString()))));
        assertThat(keys.tenantOf(theirs.key())).hasValue(other);
    }

    @Test
    void badKeyRequestsAreRefused() throws Exception {
        call(admin, post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"x\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", containsString("role is required")));
        call(admin, post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON).content("{\"role\": \"owner\"}"))
                .andExpect(status().isBadRequest());
        call(admin, post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\": \"read\", \"expiresAt\": \"2026-06-01T11:59:59Z\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("expiresAt must be in the future."));
        call(admin, post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\": \"read\", \"name\": \"" + "n".repeat(201) + "\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aKeyStopsWorkingWhenItExpires() throws Exception {
        JsonNode scanner = created("{\"role\": \"scan\", \"expiresAt\": \"2026-06-01T13:00:00Z\"}");
        String key = scanner.get("key").asString();
        clock.set(T0.plus(Duration.ofMinutes(59)));
        call(key, get("/api/v1/scans")).andExpect(status().isOk());
        clock.set(Instant.parse("2026-06-01T13:00:00Z"));
        call(key, get("/api/v1/scans")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("The API key expired at 2026-06-01T13:00:00Z."));
        assertThat(keys.tenantOf(key)).isEmpty();
        call(admin, get("/api/v1/keys")).andExpect(jsonPath("$[1].expiresAt").value("2026-06-01T13:00:00Z"));
    }

    @Test
    void lastUseIsWrittenAtMostOnceAMinute() throws Exception {
        JsonNode reader = created("{\"role\": \"read\"}");
        String key = reader.get("key").asString();
        UUID id = UUID.fromString(reader.get("id").asString());
        assertThat(lastUsed(id)).isNull();

        call(key, get("/api/v1/scans")).andExpect(status().isOk());
        assertThat(lastUsed(id)).isEqualTo(T0);
        clock.set(T0.plusSeconds(59));
        call(key, get("/api/v1/scans")).andExpect(status().isOk());
        assertThat(lastUsed(id)).isEqualTo(T0);
        clock.set(T0.plusSeconds(61));
        call(key, get("/api/v1/scans")).andExpect(status().isOk());
        assertThat(lastUsed(id)).isEqualTo(T0.plusSeconds(61));
        call(admin, get("/api/v1/keys")).andExpect(jsonPath("$[1].lastUsedAt").value("2026-06-01T12:01:01Z"));
    }

    Instant lastUsed(UUID id) {
        Timestamp at = jdbc.queryForObject("SELECT last_used_at FROM api_keys WHERE id = ?", Timestamp.class, id);
        return at == null ? null : at.toInstant();
    }

    @Test
    void theOperatorsKeysAreAdminKeysUnlessTheyAskForLess() throws Exception {
        mvc.perform(post("/api/v1/admin/tenants/" + tenant + "/keys").header("Authorization", "Bearer " + OPERATOR_KEY))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.role").value("admin"));
        mvc.perform(post("/api/v1/admin/tenants/" + tenant + "/keys").header("Authorization", "Bearer " + OPERATOR_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"ci\", \"role\": \"scan\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.role").value("scan"));
        mvc.perform(post("/api/v1/admin/tenants").header("Authorization", "Bearer " + OPERATOR_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"new\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.apiKey.role").value("admin"));
    }

    @Test
    void keysMadeBeforeRolesExistedBecomeAdminKeys() {
        // migrate a schema of its own to the version before roles, add a key as the old code did, then migrate on
        String schema = "before_roles_" + UUID.randomUUID().toString().replace("-", "");
        Flyway before = Flyway.configure().dataSource(dataSource).schemas(schema)
                .locations("classpath:db/migration").target("7").load();
        before.migrate();
        JdbcTemplate old = new JdbcTemplate(dataSource);
        UUID oldTenant = UUID.randomUUID();
        old.update("INSERT INTO " + schema + ".tenants (id, name, callback_secret, created_at) VALUES (?, 'old', 's', now())",
                oldTenant);
        old.update("INSERT INTO " + schema + ".api_keys (id, tenant_id, key_hash, prefix, name, created_at)"
                + " VALUES (?, ?, ?, 'lsk_old', 'old', now())", UUID.randomUUID(), oldTenant, "a".repeat(64));
        Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration").load().migrate();
        assertThat(old.queryForObject("SELECT role FROM " + schema + ".api_keys", String.class)).isEqualTo("admin");
        assertThat(old.queryForObject("SELECT expires_at IS NULL AND last_used_at IS NULL FROM " + schema
                + ".api_keys", Boolean.class)).isTrue();
        old.execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
