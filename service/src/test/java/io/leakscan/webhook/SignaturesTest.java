package io.leakscan.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignaturesTest {

    static final byte[] BODY = "{\"version\":1,\"type\":\"scan.failed\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheStandardWebhooksExampleVector() {
        // the example the Standard Webhooks reference libraries sign in their tests (libraries/go/webhook_test.go)
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        Signatures.Standard headers = Signatures.standardHeaders("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body,
                List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThat(headers.signature()).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(headers.id()).isEqualTo("msg_p5jXN8AQM9LWM0D4loKWxJek");
        assertThat(headers.timestamp()).isEqualTo("1614265330");
    }

    @Test
    void aRotationSignsWithEachSecretNewestFirstInBothSchemes() {
        String newer = Signatures.newSecret();
        String older = Signatures.newSecret();
        Signatures.Standard standard = Signatures.standardHeaders("e1", 1_700_000_000L, BODY, List.of(newer, older));
        assertThat(standard.signature().split(" ")).containsExactly(
                Signatures.standardHeaders("e1", 1_700_000_000L, BODY, List.of(newer)).signature(),
                Signatures.standardHeaders("e1", 1_700_000_000L, BODY, List.of(older)).signature());
        assertThat(standard.signature()).matches("v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=");

        String legacy = Signatures.legacyHeader(1_700_000_000L, BODY, List.of(newer, older));
        assertThat(legacy.split(",")).hasSize(3);
        assertThat(Signatures.verifyLegacy(legacy, BODY, newer, 1_700_000_010L, 300)).isTrue();
        assertThat(Signatures.verifyLegacy(legacy, BODY, older, 1_700_000_010L, 300)).isTrue();
        assertThat(Signatures.verifyLegacy(legacy, BODY, "other", 1_700_000_010L, 300)).isFalse();
    }

    @Test
    void theStandardSignatureCoversIdTimestampAndBody() {
        List<String> secret = List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String base = Signatures.standardHeaders("e1", 1_700_000_000L, BODY, secret).signature();
        assertThat(Signatures.standardHeaders("e2", 1_700_000_000L, BODY, secret).signature()).isNotEqualTo(base);
        assertThat(Signatures.standardHeaders("e1", 1_700_000_001L, BODY, secret).signature()).isNotEqualTo(base);
        assertThat(Signatures.standardHeaders("e1", 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8), secret)
                .signature()).isNotEqualTo(base);
        // a '.' in the id would let id and timestamp trade characters under the same signature
        assertThatThrownBy(() -> Signatures.standardHeaders("e.1", 1_700_000_000L, BODY, secret))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not contain '.'");
    }

    @Test
    void theLegacyHeaderStillSignsTimestampDotBodyWithTheSecretsText() {
        // the reference value comes from: printf '1700000000.%s' "$body" | openssl dgst -sha256 -hmac whsec_test
        assertThat(Signatures.legacyHmac("whsec_test", 1_700_000_000L, BODY))
                .isEqualTo("a00c0e4f4e8fbcee4603bc6d69729ade4233a86eb776315aa69f4d080c5a839e");
        assertThat(Signatures.legacyHeader(1_700_000_000L, BODY, List.of("whsec_test")))
                .isEqualTo("t=1700000000,v1=a00c0e4f4e8fbcee4603bc6d69729ade4233a86eb776315aa69f4d080c5a839e");
    }

    @Test
    void legacyVerificationRefusesReplaysTamperingAndMalformedHeaders() {
        String header = Signatures.legacyHeader(1_700_000_000L, BODY, List.of("s"));
        assertThat(Signatures.verifyLegacy(header, BODY, "s", 1_700_000_300L, 300)).isTrue();
        assertThat(Signatures.verifyLegacy(header, BODY, "s", 1_700_000_301L, 300)).as("older than 5 min").isFalse();
        assertThat(Signatures.verifyLegacy(header, "{}".getBytes(StandardCharsets.UTF_8), "s", 1_700_000_000L, 300))
                .isFalse();
        String moved = header.replace("t=1700000000", "t=1700000200");
        assertThat(Signatures.verifyLegacy(moved, BODY, "s", 1_700_000_200L, 300)).isFalse();
        assertThat(Signatures.verifyLegacy(null, BODY, "s", 1_700_000_000L, 300)).isFalse();
        assertThat(Signatures.verifyLegacy("v1=abc", BODY, "s", 1_700_000_000L, 300)).isFalse();
        assertThat(Signatures.verifyLegacy("t=x,v1=abc", BODY, "s", 1_700_000_000L, 300)).isFalse();
        assertThat(Signatures.verifyLegacy("t=1700000000", BODY, "s", 1_700_000_000L, 300)).isFalse();
    }

    @Test
    void newSecretsAreStandardBase64Of32RandomBytes() {
        String a = Signatures.newSecret();
        assertThat(a).startsWith("whsec_").hasSize(6 + 44).isNotEqualTo(Signatures.newSecret());
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        assertThat(Signatures.key(a)).isEqualTo(Base64.getDecoder().decode(a.substring(6)));
    }

    @Test
    void secretsMadeBeforeTheSwitchAreUrlSafeBase64AndStillGiveTheirKey() {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (0xF8 + i); // bytes whose base64 needs '-' and '_' in the URL-safe alphabet
        }
        String old = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThat(old).containsAnyOf("-", "_");
        assertThat(Signatures.key(old)).isEqualTo(raw);
        assertThatThrownBy(() -> Signatures.key("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whsec_ followed by base64");
    }
}
