package io.leakscan.tenant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain rules under quotas and roles: configuration checks, overrides, role inclusion. */
class QuotaRulesTest {

    @Test
    void aTenantsOverridesReplaceOnlyTheDefaultsTheyName() {
        Quota defaults = new Quota(5, 200, 100, null);
        assertThat(defaults.overriddenBy(Quota.NONE)).isEqualTo(defaults);
        assertThat(defaults.overriddenBy(new Quota(null, 1000, null, 8))).isEqualTo(new Quota(5, 1000, 100, 8));
    }

    @Test
    void aQuotaThatIsNotPositiveStopsTheStartWithItsPropertyName() {
        assertThatThrownBy(() -> new QuotaProperties(0, null, null, null, Duration.ofSeconds(60)))
                .hasMessage("leakscan.tenant.quota.concurrent-scans must be positive or unset, not 0");
        assertThatThrownBy(() -> new QuotaProperties(null, null, -1, null, Duration.ofSeconds(60)))
                .hasMessageContaining("max-requests-per-second");
        assertThatThrownBy(() -> new QuotaProperties(null, null, null, null, Duration.ZERO))
                .hasMessageContaining("concurrent-retry-after must be positive");
        assertThat(new QuotaProperties(null, 10, null, null, Duration.ofSeconds(1)).defaults())
                .isEqualTo(new Quota(null, 10, null, null));
    }

    @ParameterizedTest
    @CsvSource({"read,read,true", "read,scan,false", "read,admin,false", "scan,read,true", "scan,scan,true",
            "scan,admin,false", "admin,read,true", "admin,scan,true", "admin,admin,true"})
    void eachRoleIncludesTheOnesBeforeIt(String role, String required, boolean allowed) {
        assertThat(Role.fromWire(role).includes(Role.fromWire(required))).isEqualTo(allowed);
    }

    @Test
    void anUnknownRoleNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Role.fromWire("ADMIN")).hasMessage("role must be one of read, scan, admin");
        assertThatThrownBy(() -> Role.fromWire(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
