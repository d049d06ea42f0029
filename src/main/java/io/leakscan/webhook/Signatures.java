package io.leakscan.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code Leakscan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, the scheme payment
 * providers use: the timestamp is signed too, so a receiver can refuse replays. During a secret rotation's overlap
 * there is one {@code v1=} per secret (newest first) and a receiver holding either one can verify.
 */
final class Signatures {

    static final String HEADER = "Leakscan-Signature";
    static final String EVENT_ID_HEADER = "Leakscan-Event-Id";
    static final String EVENT_TYPE_HEADER = "Leakscan-Event-Type";
    static final String DELIVERY_ID_HEADER = "Leakscan-Delivery-Id";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    /** A new signing secret: 32 random bytes, prefixed so it is recognisable in a secret scanner. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String header(long timestamp, byte[] body, List<String> secrets) {
        StringBuilder out = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            out.append(",v1=").append(hmac(secret, timestamp, body));
        }
        return out.toString();
    }

    static String hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * What a receiver does: parse the header, refuse a timestamp further than {@code toleranceSeconds} from
     * {@code nowSeconds}, and accept when any v1 matches (constant-time comparison).
     */
    static boolean verify(String header, byte[] body, String secret, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        List<String> candidates = new java.util.ArrayList<>();
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
        byte[] expected = hmac(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String candidate : candidates) {
            ok |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return ok;
    }
}
