package io.leakscan.tenant;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Creates and looks up tenants. */
@Service
public class Tenants {

    /** The request attribute holding the authenticated tenant's id (a UUID). */
    public static final String TENANT_ATTRIBUTE = "io.leakscan.tenant.id";

    /** The request attribute holding the authenticated tenant key's {@link Role}. */
    public static final String ROLE_ATTRIBUTE = "io.leakscan.tenant.role";

    /** The request attribute set (to TRUE) when the request carries the admin key. */
    public static final String ADMIN_ATTRIBUTE = "io.leakscan.tenant.admin";

    private final TenantStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Tenants(TenantStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Transactional
    public Tenant create(String name) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String callbackSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Tenant tenant = new Tenant(UUID.randomUUID(), name, callbackSecret,
                clock.instant().truncatedTo(ChronoUnit.MICROS)); // what timestamptz keeps, so the returned tenant equals the stored one
        store.insert(tenant);
        return tenant;
    }

    public Optional<Tenant> find(UUID id) {
        return store.find(id);
    }
}
