package io.leakscan.tenant;

import io.leakscan.secret.SealedColumn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tenant's first callback secret is a signing secret like any other: sealed at rest. */
@Configuration(proxyBeanMethods = false)
class TenantSecrets {

    @Bean
    SealedColumn tenantCallbackSecret() {
        return new SealedColumn("tenants", "id", "callback_secret");
    }
}
