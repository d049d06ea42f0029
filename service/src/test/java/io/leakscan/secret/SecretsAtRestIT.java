package io.leakscan.secret;

import io.leakscan.scan.ScanTestConfiguration;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
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

import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Signing secrets on the real PostgreSQL with two keys configured, k2 current and k1 old: what the API creates is
 * sealed under k2 and never readable in the row, a rotation's re-seal moves plain and k1 rows to k2, and a row that
 * no configured key opens stops the re-seal with the key's id.
 */
@SpringBootTest(properties = {"leakscan.worker.enabled=false",
        "leakscan.webhooks.allow-private-destinations=true",
        "leakscan.secrets.keys=k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=,"
                + "k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="})
@AutoConfigureMockMvc
@Import(ScanTestConfiguration.class)
class SecretsAtRestIT {

    static final String OLD_KEY = SecretCipherTest.K1;

    @Autowired
    MockMvc mvc;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SecretCipher cipher;
    @Autowired
    SecretReseal reseal;

    UUID tenant;
    String admin;

    @BeforeEach
    void newTenant() {
        tenant = tenants.create("secrets-" + UUID.randomUUID()).id();
        admin = keys.issue(tenant, "admin").key();
    }

    JsonNode postJson(String path, String body) throws Exception {
        String answer = mvc.perform(post(path).header("Authorization", "Bearer " + admin)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().is2xxSuccessful()).andReturn().getResponse().getContentAsString();
        return json.readTree(answer);
    }

    String column(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query(String.class).single();
    }

    @Test
    void secretsMadeThroughTheApiAreSealedUnderTheCurrentKeyAndStillSign() throws Exception {
        JsonNode created = postJson("/api/v1/webhooks",
                "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"scan.succeeded\"]}");
        String shown = created.get("secret").asString();
        UUID id = UUID.fromString(created.get("id").asString());

        String stored = column("SELECT secret FROM webhook_subscriptions WHERE id = :id", id);
        assertThat(stored).startsWith("enc:v1:k2:").doesNotContain(shown.substring("whsec_".length(), 20));
        assertThat(cipher.open(stored)).isEqualTo(shown);
        String tenantSecret = column("SELECT callback_secret FROM tenants WHERE id = :id", tenant);
        assertThat(tenantSecret).startsWith("enc:v1:k2:");

        // a rotation keeps the old secret signing: it is copied sealed, and opens to what was there before
        String rotated = postJson("/api/v1/webhooks/" + id + "/rotate-secret", "{}").get("secret").asString();
        assertThat(cipher.open(column("SELECT secret FROM webhook_subscriptions WHERE id = :id", id)))
                .isEqualTo(rotated);
        assertThat(cipher.open(column("SELECT previous_secret FROM webhook_subscriptions WHERE id = :id", id)))
                .isEqualTo(shown);

        String callback = postJson("/api/v1/webhooks/callback-secret/rotate", "{}").get("secret").asString();
        String storedCallback = column("SELECT secret FROM webhook_callback_secrets WHERE tenant_id = :id", tenant);
        assertThat(storedCallback).startsWith("enc:v1:k2:");
        assertThat(cipher.open(storedCallback)).isEqualTo(callback);
        assertThat(cipher.open(column("SELECT previous_secret FROM webhook_callback_secrets WHERE tenant_id = :id",
                tenant))).isEqualTo(cipher.open(tenantSecret));

        // listing never carries a secret, sealed or not
        String listing = mvc.perform(get("/api/v1/webhooks").header("Authorization", "Bearer " + admin))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(listing).doesNotContain(rotated).doesNotContain("enc:v1:");
    }

    @Test
    void theResealMovesPlainRowsAndRowsOfTheOldKeyToTheCurrentKey() {
        String plainTenantSecret = "whsec_cGxhaW4tdGVuYW50LXNlY3JldC0wMDAwMDAwMDA=";
        String oldSealed = "whsec_b2xkLWtleS1zdWJzY3JpcHRpb24tc2VjcmV0MDA=";
        String plainPrevious = "whsec_cGxhaW4tcHJldmlvdXMtc2VjcmV0LTAwMDAwMDA=";
        jdbc.sql("UPDATE tenants SET callback_secret = :s WHERE id = :id")
                .param("s", plainTenantSecret).param("id", tenant).update();
        UUID subscription = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO webhook_subscriptions (id, tenant_id, url, events, active, secret, previous_secret,
                            created_at, updated_at)
                        VALUES (:id, :tenant, 'http://127.0.0.1:9/hook', ARRAY['scan.succeeded'], true, :secret,
                            :previous, :now, :now)""")
                .param("id", subscription).param("tenant", tenant)
                .param("secret", SecretCipher.of(OLD_KEY).seal(oldSealed)).param("previous", plainPrevious)
                .param("now", OffsetDateTime.now()).update();

        assertThat(reseal.resealAll()).isGreaterThanOrEqualTo(3);

        String tenantRow = column("SELECT callback_secret FROM tenants WHERE id = :id", tenant);
        String secretRow = column("SELECT secret FROM webhook_subscriptions WHERE id = :id", subscription);
        String previousRow = column("SELECT previous_secret FROM webhook_subscriptions WHERE id = :id", subscription);
        assertThat(tenantRow).startsWith("enc:v1:k2:");
        assertThat(secretRow).startsWith("enc:v1:k2:");
        assertThat(previousRow).startsWith("enc:v1:k2:");
        assertThat(cipher.open(tenantRow)).isEqualTo(plainTenantSecret);
        assertThat(cipher.open(secretRow)).isEqualTo(oldSealed);
        assertThat(cipher.open(previousRow)).isEqualTo(plainPrevious);
        // k1 may now leave the configuration: nothing is sealed with it any more
        SecretCipher onlyNew = SecretCipher.of("k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=");
        assertThat(onlyNew.open(secretRow)).isEqualTo(oldSealed);
        assertThat(reseal.resealAll()).isZero();
    }

    @Test
    void aRowThatTheConfiguredKeyDoesNotOpenStopsTheResealWithTheKeysName() {
        String wrongK1 = "k1:" + SecretCipherTest.key((byte) 7);
        try {
            jdbc.sql("UPDATE tenants SET callback_secret = :s WHERE id = :id")
                    .param("s", SecretCipher.of(wrongK1).seal("whsec_d3Jvbmc=")).param("id", tenant).update();
            assertThatThrownBy(reseal::resealAll).isInstanceOf(SecretKeyException.class)
                    .hasMessageContaining("key 'k1'").hasMessageContaining("the key is wrong");

            jdbc.sql("UPDATE tenants SET callback_secret = :s WHERE id = :id")
                    .param("s", SecretCipher.of("k0:" + SecretCipherTest.key((byte) 3)).seal("whsec_Z29uZQ=="))
                    .param("id", tenant).update();
            assertThatThrownBy(reseal::resealAll).isInstanceOf(SecretKeyException.class)
                    .hasMessageContaining("sealed with key 'k0'").hasMessageContaining("does not have");
        } finally {
            jdbc.sql("DELETE FROM tenants WHERE id = :id").param("id", tenant).update();
        }
    }
}
