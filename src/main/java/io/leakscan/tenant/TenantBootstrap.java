package io.leakscan.tenant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final TenantRepository repository;
    private final TenantProperties properties;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;

    TenantBootstrap(Tenants tenants, ApiKeys keys, TenantRepository repository, TenantProperties properties,
                    TransactionTemplate tx, JdbcTemplate jdbc) {
        this.tenants = tenants;
        this.keys = keys;
        this.repository = repository;
        this.properties = properties;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        tx.executeWithoutResult(status -> {
            // Several nodes may start together on one empty database: only one creates the tenant.
            jdbc.queryForList("select pg_advisory_xact_lock(7401982245)");
            if (repository.count() > 0) {
                return;
            }
            Tenant tenant = tenants.create("default");
            String configured = properties.bootstrap().apiKey();
            if (configured != null && !configured.isBlank()) {
                keys.store(tenant.getId(), configured.strip(), "bootstrap");
                log.info("Created the default tenant {} with the key from leakscan.bootstrap.api-key", tenant.getId());
            } else {
                ApiKeys.IssuedKey issued = keys.store(tenant.getId(), keys.newKey(), "bootstrap");
                log.warn("Created the default tenant {}. Its API key, shown only this once: {}",
                        tenant.getId(), issued.key());
            }
        });
    }
}
