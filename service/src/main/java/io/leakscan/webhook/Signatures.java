package io.leakscan.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Both signature schemes a delivery carries. The {@link #standardHeaders Standard Webhooks} one ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature: v1,<base64 HMAC-SHA256>} over {@code id.timestamp.body},
 * keyed by the base64-decoded part of the {@code whsec_} secret) is what the verifier libraries of every language
 * accept. The older {@code Leakscan-Signature: t=...,v1=<hex>} header (keyed by the secret's text, over
 * {@code t.body}) is still sent until {@link #LEGACY_HEADER_SENT_UNTIL} so receivers can move over. In both, a
 * secret rotation's overlap shows as one signature per secret, newest first.
 */
final class Signatures {

    static final String ID_HEADER = "webhook-id";
    static final String TIMESTAMP_HEADER = "webhook-timestamp";
    static final String SIGNATURE_HEADER = "webhook-signature";

    /** Deprecated: sent next to the standard headers until {@link #LEGACY_HEADER_SENT_UNTIL}. */
    static final String LEGACY_HEADER = "Leakscan-Signature";
    /** The last day releases send {@link #LEGACY_HEADER}; the first release after it drops the header. */
    static final LocalDate LEGACY_HEADER_SENT_UNTIL = LocalDate.of(2027, 6, 30);

    static final String EVENT_ID_HEADER = "Leakscan-Event-Id";
    static final String EVENT_TYPE_HEADER = "Leakscan-Event-Type";
    static final String DELIVERY_ID_HEADER = "Leakscan-Delivery-Id";

    static final String SECRET_PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    /**
     * A new signing secret: 32 random bytes in standard, padded base64 after {@code whsec_}, the serialization
     * Standard Webhooks libraries decode.
     */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The HMAC key of a secret: its base64 part decoded. Secrets made before the switch to Standard Webhooks are
     * URL-safe base64 without padding; they decode here too, so both schemes keep verifying for existing receivers.
     */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a webhook secret must be whsec_ followed by base64", e);
            }
        }
    }

    /** The three Standard Webhooks headers' values for one attempt; {@code secrets} newest first. */
    record Standard(String id, String timestamp, String signature) {
    }

    static Standard standardHeaders(String messageId, long timestamp, byte[] body, List<String> secrets) {
        if (messageId.contains(".")) {
            throw new IllegalArgumentException("a webhook id must not contain '.': " + messageId);
        }
        List<String> signatures = new ArrayList<>();
        for (String secret : secrets) {
            signatures.add("v1," + standardSignature(key(secret), messageId, timestamp, body));
        }
        return new Standard(messageId, Long.toString(timestamp), String.join(" ", signatures));
    }

    static String standardSignature(byte[] key, String messageId, long timestamp, byte[] body) {
        byte[] prefix = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(hmacSha256(key, prefix, body));
    }

    /** The deprecated {@code Leakscan-Signature} value: {@code t=<seconds>} then one {@code v1=<hex>} per secret. */
    static String legacyHeader(long timestamp, byte[] body, List<String> secrets) {
        StringBuilder out = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            out.append(",v1=").append(legacyHmac(secret, timestamp, body));
        }
        return out.toString();
    }

    static String legacyHmac(String secret, long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), prefix, body));
    }

    private static byte[] hmacSha256(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * What a receiver of the deprecated header does: parse it, refuse a timestamp further than
     * {@code toleranceSeconds} from {@code nowSeconds}, and accept when any v1 matches (constant-time comparison).
     */
    static boolean verifyLegacy(String header, byte[] body, String secret, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        List<String> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                try {
                    timestamp = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                candidates.add(p.substring(3));
            }
        }
        if (timestamp == null || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        byte[] expected = legacyHmac(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String candidate : candidates) {
            ok |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return ok;
    }
}
