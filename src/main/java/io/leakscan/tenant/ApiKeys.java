package io.leakscan.tenant;

import io.leakscan.system.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/** Issues, resolves and revokes API keys. Keys are random and stored only as SHA-256. */
@Service
public class ApiKeys {

    static final String KEY_PREFIX = "lsk_";
    private static final int PREFIX_SHOWN = 12;

    private final ApiKeyStore keys;
    private final TenantStore tenants;
    private final TenantProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(ApiKeyStore keys, TenantStore tenants, TenantProperties properties, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
    }

    /** A key as issued: {@code key} is the only time the secret is visible. */
    public record IssuedKey(UUID id, UUID tenantId, String key, String prefix, String name) {
    }

    /**
     * The tenant a presented key belongs to, if the key exists and is not revoked. Every API request asks this, so
     * it is one autocommit SELECT, outside any transaction.
     */
    public Optional<UUID> tenantOf(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank() || presentedKey.length() > 512) {
            return Optional.empty();
        }
        return keys.tenantOf(hash(presentedKey));
    }

    /** True when admin access is configured and {@code presentedKey} is that key (compared in constant time). */
    public boolean isAdmin(String presentedKey) {
        String admin = properties.admin().apiKey();
        if (admin == null || admin.isBlank() || presentedKey == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(admin).getBytes(StandardCharsets.US_ASCII),
                hash(presentedKey).getBytes(StandardCharsets.US_ASCII));
    }

    public boolean adminEnabled() {
        String admin = properties.admin().apiKey();
        return admin != null && !admin.isBlank();
    }

    @Transactional
    public IssuedKey issue(UUID tenantId, String name) {
        if (!tenants.exists(tenantId)) {
            throw ApiException.notFound("No tenant " + tenantId + ".");
        }
        return store(tenantId, newKey(), name);
    }

    /** Stores a key chosen elsewhere (the bootstrap key from the environment). */
    @Transactional
    IssuedKey store(UUID tenantId, String key, String name) {
        String prefix = key.substring(0, Math.min(PREFIX_SHOWN, key.length()));
        ApiKey stored = new ApiKey(UUID.randomUUID(), tenantId, hash(key), prefix, name,
                clock.instant().truncatedTo(ChronoUnit.MICROS)); // timestamptz keeps microseconds
        keys.insert(stored);
        return new IssuedKey(stored.id(), tenantId, key, prefix, name);
    }

    @Transactional
    public void revoke(UUID tenantId, UUID keyId) {
        if (!keys.revoke(tenantId, keyId, clock.instant())) {
            throw ApiException.notFound("No key " + keyId + " for tenant " + tenantId + ".");
        }
    }

    String newKey() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
