package io.leakscan.secret;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Seals a secret as {@code enc:v1:<keyId>:<base64(nonce | ciphertext | tag)>} with AES-256-GCM, the key id and
 * format authenticated as associated data so a value cannot be passed off under another key. The JDK's own AES-GCM
 * is used: one authenticated cipher over short strings needs no library, and it has no key management to adopt.
 * A value without the {@code enc:} prefix is a row written before encryption (or with no key configured): it opens
 * as itself, and {@link #needsReseal} tells the re-seal job to seal it.
 */
public final class SecretCipher {

    static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeyRing ring;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(SecretKeyRing ring) {
        this.ring = ring;
    }

    /** A cipher over {@code keys} in the {@code leakscan.secrets.keys} format; for tests and tools. */
    public static SecretCipher of(String keys) {
        return new SecretCipher(SecretKeyRing.parse(keys));
    }

    /** Whether new secrets are sealed (a key is configured) or stored as given. */
    public boolean sealing() {
        return !ring.isEmpty();
    }

    /** The stored form of {@code plain}: sealed with the current key, or {@code plain} itself with no key. */
    public String seal(String plain) {
        if (plain == null || ring.isEmpty()) {
            return plain;
        }
        String keyId = ring.currentId();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, ring.key(keyId).orElseThrow(), nonce, keyId);
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new SecretKeyException("AES-GCM is not available in this JDK", e);
        }
    }

    /** The secret behind a stored value; throws {@link SecretKeyException} naming the key when it cannot. */
    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new SecretKeyException("a stored secret is damaged: no key id after " + PREFIX);
        }
        String keyId = stored.substring(PREFIX.length(), colon);
        SecretKey key = ring.key(keyId).orElseThrow(() -> new SecretKeyException(
                "a stored secret was sealed with key '" + keyId + "', which " + SecretKeyRing.SETTING
                        + (ring.isEmpty() ? " does not set (no key is configured)" : " does not have")
                        + ": add that key (after the current one) so it can be opened and re-sealed"));
        byte[] data;
        try {
            data = Base64.getDecoder().decode(stored.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new SecretKeyException("a stored secret sealed with key '" + keyId + "' is damaged (not base64)");
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretKeyException("a stored secret sealed with key '" + keyId + "' is damaged (too short)");
        }
        try {
            byte[] nonce = Arrays.copyOf(data, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, keyId);
            byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretKeyException("key '" + keyId + "' in " + SecretKeyRing.SETTING
                    + " does not open a secret sealed under that id: the key is wrong, or the value was altered", e);
        } catch (GeneralSecurityException e) {
            throw new SecretKeyException("AES-GCM is not available in this JDK", e);
        }
    }

    /** Whether {@code stored} is not yet sealed with the current key (plain text, or an older key). */
    public boolean needsReseal(String stored) {
        if (stored == null || ring.isEmpty()) {
            return false;
        }
        return !stored.startsWith(PREFIX + ring.currentId() + ":");
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((PREFIX + keyId).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
