package io.leakscan.secret;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configured keys by id; {@code currentId} (the first one given) seals, every key opens what it sealed. Parsed
 * once at start-up so a malformed key stops the service with the reason instead of failing a webhook delivery later.
 *
 * @param currentId null when no key is configured
 */
record SecretKeyRing(String currentId, Map<String, SecretKey> keys) {

    static final String SETTING = "leakscan.secrets.keys (LEAKSCAN_SECRETS_KEYS)";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    SecretKeyRing {
        keys = Map.copyOf(keys);
    }

    static SecretKeyRing parse(String setting) {
        Map<String, SecretKey> keys = new HashMap<>();
        String first = null;
        if (setting == null || setting.isBlank()) {
            return new SecretKeyRing(null, keys);
        }
        for (String entry : setting.split(",")) {
            String trimmed = entry.strip();
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw new SecretKeyException(SETTING + ": an entry is not id:base64-key");
            }
            String id = trimmed.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new SecretKeyException(SETTING + ": key id '" + id
                        + "' must be 1-32 letters, digits, '.', '_' or '-'");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(trimmed.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new SecretKeyException(SETTING + ": key '" + id + "' is not base64");
            }
            if (raw.length != 32) {
                throw new SecretKeyException(SETTING + ": key '" + id + "' has " + raw.length
                        + " bytes; AES-256 needs 32 (make one with: openssl rand -base64 32)");
            }
            if (keys.put(id, new SecretKeySpec(raw, "AES")) != null) {
                throw new SecretKeyException(SETTING + ": key id '" + id + "' is given twice");
            }
            first = first == null ? id : first;
        }
        return new SecretKeyRing(first, keys);
    }

    boolean isEmpty() {
        return currentId == null;
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }
}
