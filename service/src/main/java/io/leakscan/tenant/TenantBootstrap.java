package io.leakscan.tenant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On an empty database, creates the default tenant and its first key, so a fresh install is usable at once. The key
 * is {@code leakscan.bootstrap.api-key} when set; otherwise a random one is logged exactly once (it is not stored in
 * clear anywhere, so that log line is the only copy).
 */
@Component
class TenantBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TenantBootstrap.class);

    private final Tenants tenants;
    private final ApiKeys keys;
    private final TenantStore store;
    private final TenantProperties properties;
    private final TransactionTemplate tx;

    TenantBootstrap(Tenants tenants, ApiKeys keys, TenantStore store, TenantProperties properties,
                    TransactionTemplate tx) {
        this.tenants = tenants;
        this.keys = keys;
        this.store = store;
        this.properties = properties;
        this.tx = tx;
    }

    @Override
    public void run(ApplicationArguments args) {
        tx.executeWithoutResult(status -> {
            store.lockForBootstrap();
            if (!store.isEmpty()) {
                return;
            }
            Tenant tenant = tenants.create("default");
            String configured = properties.bootstrap().apiKey();
            if (configured != null && !configured.isBlank()) {
                keys.store(tenant.id(), configured.strip(), "bootstrap");
                log.info("Created the default tenant {} with the key from leakscan.bootstrap.api-key", tenant.id());
            } else {
                ApiKeys.IssuedKey issued = keys.store(tenant.id(), keys.newKey(), "bootstrap");
                log.warn("Created the default tenant {}. Its API key, shown only this once: {}",
                        tenant.id(), issued.key());
            }
        });
    }
}
