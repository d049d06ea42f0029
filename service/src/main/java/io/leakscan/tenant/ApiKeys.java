package io.leakscan.tenant;

import io.leakscan.system.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Issues, resolves and revokes API keys. Keys are random and stored only as SHA-256. */
@Service
public class ApiKeys {

    static final String KEY_PREFIX = "lsk_";
    private static final int PREFIX_SHOWN = 12;
    /** How often a key's last use is written: a write per request would cost more than the request. */
    static final Duration USE_RECORDED_EVERY = Duration.ofMinutes(1);

    private final ApiKeyStore keys;
    private final TenantStore tenants;
    private final TenantProperties properties;
    private final Clock clock;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();
    // when this node last wrote each key's use, so most requests do not even send the guarded UPDATE
    private final Map<UUID, Instant> usesWritten = new ConcurrentHashMap<>();

    ApiKeys(ApiKeyStore keys, TenantStore tenants, TenantProperties properties, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.keys = keys;
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
    }

    /** A key as issued: {@code key} is the only time the secret is visible. */
    public record IssuedKey(UUID id, UUID tenantId, String key, String prefix, String name, Role role,
                            Instant expiresAt) {
    }

    /**
     * The unrevoked tenant key presented, expired or not. Every API request asks this, so it is one autocommit
     * SELECT, outside any transaction.
     */
    public Optional<Caller> resolve(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank() || presentedKey.length() > 512) {
            return Optional.empty();
        }
        return keys.find(hash(presentedKey));
    }

    /** The tenant a presented key belongs to, if the key exists, is not revoked and has not expired. */
    public Optional<UUID> tenantOf(String presentedKey) {
        return usable(presentedKey).map(Caller::tenantId);
    }

    /** The presented key when it exists, is not revoked and has not expired. */
    public Optional<Caller> usable(String presentedKey) {
        Instant now = clock.instant();
        return resolve(presentedKey).filter(caller -> !caller.expired(now));
    }

    public boolean expired(Caller caller) {
        return caller.expired(clock.instant());
    }

    /** Records that a key was used now; writes at most once a minute per key. */
    public void recordUse(Caller caller) {
        Instant now = clock.instant();
        Instant written = usesWritten.get(caller.keyId());
        if (written != null && now.isBefore(written.plus(USE_RECORDED_EVERY))) {
            return;
        }
        usesWritten.put(caller.keyId(), now);
        keys.touch(caller.keyId(), now.truncatedTo(ChronoUnit.MICROS), USE_RECORDED_EVERY);
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

    /** A key for a tenant made by the operator's admin API: it administers its tenant and does not expire. */
    @Transactional
    public IssuedKey issue(UUID tenantId, String name) {
        return issue(tenantId, name, Role.ADMIN, null);
    }

    @Transactional
    public IssuedKey issue(UUID tenantId, String name, Role role, Instant expiresAt) {
        if (!tenants.exists(tenantId)) {
            throw ApiException.notFound("No tenant " + tenantId + ".");
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ApiException.badRequest("expiresAt must be in the future.");
        }
        IssuedKey issued = store(tenantId, newKey(), name, role, expiresAt);
        audit.record(tenantId, AuditAction.KEY_CREATED, issued.id(), "role " + role.wire()
                + (name == null ? "" : ", name " + name) + (expiresAt == null ? "" : ", expires " + issued.expiresAt()));
        return issued;
    }

    /** Stores a key chosen elsewhere (the bootstrap key from the environment). */
    @Transactional
    IssuedKey store(UUID tenantId, String key, String name) {
        return store(tenantId, key, name, Role.ADMIN, null);
    }

    private IssuedKey store(UUID tenantId, String key, String name, Role role, Instant expiresAt) {
        String prefix = shown(key);
        Instant expires = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS);
        ApiKey stored = new ApiKey(UUID.randomUUID(), tenantId, hash(key), prefix, name, role,
                clock.instant().truncatedTo(ChronoUnit.MICROS), expires); // timestamptz keeps microseconds
        keys.insert(stored);
        return new IssuedKey(stored.id(), tenantId, key, prefix, name, role, expires);
    }

    public List<KeyView> list(UUID tenantId) {
        return keys.list(tenantId);
    }

    @Transactional
    public void revoke(UUID tenantId, UUID keyId) {
        if (!keys.revoke(tenantId, keyId, clock.instant())) {
            throw ApiException.notFound("No key " + keyId + " for tenant " + tenantId + ".");
        }
        audit.record(tenantId, AuditAction.KEY_REVOKED, keyId, null);
    }

    /** The start of a key that lists and the audit log show; the rest is never stored. */
    public static String shown(String key) {
        return key.substring(0, Math.min(PREFIX_SHOWN, key.length()));
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
