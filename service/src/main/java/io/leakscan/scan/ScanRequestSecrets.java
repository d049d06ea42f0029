package io.leakscan.scan;

import io.leakscan.secret.SecretCipher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.UnaryOperator;

/**
 * The header values of a stored scan request ({@code scans.request}, and a schedule's request without its target in
 * {@code schedules.scan}): the target's headers, the telemetry headers and each endpoint's are the target's own
 * credentials, so at rest each value is sealed like the webhook signing secrets
 * ({@link SecretCipher}, {@code leakscan.secrets.keys}); names stay readable. Sealed on insert, opened when the row is
 * read, so the worker sends the real values and the API's redaction is unchanged. With no key configured values are
 * stored as given, and a request stored before sealing reads as itself; {@link ScanRequestReseal} seals those, and
 * moves values sealed under an older key to the current one, at start-up.
 */
@Component
public class ScanRequestSecrets {

    private final SecretCipher cipher;
    private final JsonMapper json = JsonMapper.builder().build();

    ScanRequestSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    boolean sealing() {
        return cipher.sealing();
    }

    /** The stored form of a request's JSON. */
    public String seal(String request) {
        return cipher.sealing() ? rewrite(request, cipher::seal) : request;
    }

    /** The request as accepted, from its stored form. */
    public String open(String stored) {
        return stored == null || !stored.contains("enc:") ? stored : rewrite(stored, cipher::open);
    }

    /** The stored form under the current key, or null when {@code stored} already is (or no key is configured). */
    String resealed(String stored) {
        if (!cipher.sealing()) {
            return null;
        }
        boolean[] stale = {false};
        rewrite(stored, v -> {
            stale[0] |= cipher.needsReseal(v);
            return v;
        });
        return stale[0] ? rewrite(stored, v -> cipher.seal(cipher.open(v))) : null;
    }

    /** The request as the API shows it: every header value reads {@code [redacted]}, names stay. */
    public JsonNode redacted(String request) {
        return json.readTree(rewrite(request, v -> ScanResource.REDACTED));
    }

    private String rewrite(String request, UnaryOperator<String> value) {
        JsonNode root = json.readTree(request);
        JsonNode target = root.path("target");
        values(target.path("headers"), value);
        values(target.path("telemetryHeaders"), value);
        values(root.path("telemetry").path("headers"), value); // a request as submitted (a schedule's)
        for (JsonNode endpoint : root.path("endpoints")) {
            values(endpoint.path("headers"), value);
        }
        return json.writeValueAsString(root);
    }

    private static void values(JsonNode headers, UnaryOperator<String> value) {
        if (headers instanceof ObjectNode object) {
            for (String name : object.propertyNames()) {
                JsonNode v = object.get(name);
                if (v.isString()) {
                    object.put(name, value.apply(v.asString()));
                }
            }
        }
    }
}
