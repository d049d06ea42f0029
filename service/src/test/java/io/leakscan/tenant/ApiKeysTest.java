package io.leakscan.tenant;

import io.leakscan.SharedServiceContext;
import io.leakscan.system.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys against the real database: hashed at rest, resolvable, revocable; the bootstrap key works. */
@SharedServiceContext
class ApiKeysTest {

    @Autowired
    ApiKeys keys;
    @Autowired
    Tenants tenants;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void bootstrapCreatedTheDefaultTenantWithTheConfiguredKey() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tenants WHERE name = 'default'", Integer.class)).isOne();
        assertThat(keys.tenantOf("lsk_test_bootstrap_key_000000000000000000000")).isPresent();
    }

    @Test
    void issuedKeysAreRandomHashedAtRestAndRevocable() {
        Tenant tenant = tenants.create("acme");
        ApiKeys.IssuedKey one = keys.issue(tenant.id(), "ci");
        ApiKeys.IssuedKey two = keys.issue(tenant.id(), null);
        assertThat(one.key()).startsWith("lsk_").hasSize(4 + 43).isNotEqualTo(two.key());
        assertThat(one.prefix()).isEqualTo(one.key().substring(0, 12));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE key_hash = ?", Integer.class, one.key()))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT key_hash FROM api_keys WHERE id = ?", String.class, one.id()))
                .isEqualTo(ApiKeys.hash(one.key())).hasSize(64);
        assertThat(tenant.callbackSecret()).hasSizeGreaterThanOrEqualTo(43);

        assertThat(keys.tenantOf(one.key())).hasValue(tenant.id());
        keys.revoke(tenant.id(), one.id());
        assertThat(keys.tenantOf(one.key())).isEmpty();
        assertThat(keys.tenantOf(two.key())).hasValue(tenant.id());
    }

    @Test
    void aTenantReadsBackAsStoredAndASecondRevocationKeepsTheFirstTime() {
        Tenant tenant = tenants.create("roundtrip");
        // timestamptz keeps microseconds and rounds the rest: the created tenant already carries only microseconds
        assertThat(tenant.createdAt().getNano() % 1000).isZero();
        assertThat(tenants.find(tenant.id())).hasValue(tenant);
        assertThat(tenants.find(UUID.randomUUID())).isEmpty();

        ApiKeys.IssuedKey key = keys.issue(tenant.id(), "twice");
        keys.revoke(tenant.id(), key.id());
        Timestamp first = jdbc.queryForObject("SELECT revoked_at FROM api_keys WHERE id = ?", Timestamp.class, key.id());
        keys.revoke(tenant.id(), key.id());
        assertThat(jdbc.queryForObject("SELECT revoked_at FROM api_keys WHERE id = ?", Timestamp.class, key.id()))
                .isNotNull().isEqualTo(first);
        assertThatThrownBy(() -> keys.revoke(tenant.id(), UUID.randomUUID())).isInstanceOf(ApiException.class);
    }

    @Test
    void unknownKeysAndTenantsAreRefused() {
        assertThat(keys.tenantOf("lsk_nope")).isEmpty();
        assertThat(keys.tenantOf("")).isEmpty();
        assertThat(keys.tenantOf("x".repeat(10_000))).isEmpty();
        assertThatThrownBy(() -> keys.issue(UUID.randomUUID(), "x")).isInstanceOf(ApiException.class);
        Tenant other = tenants.create("other");
        ApiKeys.IssuedKey key = keys.issue(other.id(), null);
        // a key can only be revoked through its own tenant
        assertThatThrownBy(() -> keys.revoke(UUID.randomUUID(), key.id())).isInstanceOf(ApiException.class);
    }

    @Test
    void adminKeyIsComparedExactly() {
        assertThat(keys.adminEnabled()).isTrue();
        assertThat(keys.isAdmin("test-admin-key-000000000000000000000")).isTrue();
        assertThat(keys.isAdmin("test-admin-key-00000000000000000000")).isFalse();
        assertThat(keys.isAdmin(null)).isFalse();
    }
}
