package io.leakscan.secret;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealing and opening without a database: round trip, rotation, and each way a key or a value can be wrong. */
class SecretCipherTest {

    static final String K1 = "k1:" + key((byte) 1);
    static final String K2 = "k2:" + key((byte) 2);
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static String key(byte fill) {
        byte[] raw = new byte[32];
        Arrays.fill(raw, fill);
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void sealsUnderTheFirstKeyAndOpensToTheSameSecret() {
        SecretCipher cipher = SecretCipher.of(K1);
        String sealed = cipher.seal(SECRET);

        assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain(SECRET).doesNotContain("MfKQ9r8G");
        assertThat(cipher.open(sealed)).isEqualTo(SECRET);
        // a fresh nonce each time: equal secrets do not show as equal rows
        assertThat(cipher.seal(SECRET)).isNotEqualTo(sealed);
        assertThat(cipher.needsReseal(sealed)).isFalse();
    }

    @Test
    void afterARotationTheNewKeySealsAndTheOldOneStillOpens() {
        String sealedByOld = SecretCipher.of(K1).seal(SECRET);
        SecretCipher rotated = SecretCipher.of(K2 + "," + K1);

        assertThat(rotated.open(sealedByOld)).isEqualTo(SECRET);
        assertThat(rotated.needsReseal(sealedByOld)).isTrue();
        assertThat(rotated.seal(SECRET)).startsWith("enc:v1:k2:");
    }

    @Test
    void aPlainValueFromBeforeEncryptionOpensAsItselfAndIsDueForSealing() {
        SecretCipher cipher = SecretCipher.of(K1);

        assertThat(cipher.open(SECRET)).isEqualTo(SECRET);
        assertThat(cipher.needsReseal(SECRET)).isTrue();
    }

    @Test
    void withoutAKeySecretsStayPlainButASealedOneIsRefusedByName() {
        SecretCipher none = SecretCipher.of("");
        String sealed = SecretCipher.of(K1).seal(SECRET);

        assertThat(none.sealing()).isFalse();
        assertThat(none.seal(SECRET)).isEqualTo(SECRET);
        assertThatThrownBy(() -> none.open(sealed)).isInstanceOf(SecretKeyException.class)
                .hasMessageContaining("key 'k1'").hasMessageContaining("no key is configured");
    }

    @Test
    void aKeyDroppedBeforeItsRowsWereResealedIsNamed() {
        String sealed = SecretCipher.of(K1).seal(SECRET);

        assertThatThrownBy(() -> SecretCipher.of(K2).open(sealed)).isInstanceOf(SecretKeyException.class)
                .hasMessageContaining("sealed with key 'k1'").hasMessageContaining("does not have");
    }

    @Test
    void aWrongKeyUnderTheSameIdIsRefusedNotMisread() {
        String sealed = SecretCipher.of(K1).seal(SECRET);
        SecretCipher wrong = SecretCipher.of("k1:" + key((byte) 9));

        assertThatThrownBy(() -> wrong.open(sealed)).isInstanceOf(SecretKeyException.class)
                .hasMessageContaining("key 'k1'").hasMessageContaining("the key is wrong");
    }

    @Test
    void aValueMovedUnderAnotherKeyIdOrAlteredFailsItsTag() {
        SecretCipher both = SecretCipher.of(K1 + ",k3:" + key((byte) 1));
        String sealed = both.seal(SECRET);
        // same key bytes under another id: the id is authenticated, so the relabelled value does not open
        String relabelled = sealed.replace("enc:v1:k1:", "enc:v1:k3:");
        byte[] data = Base64.getDecoder().decode(sealed.substring("enc:v1:k1:".length()));
        data[data.length - 1] ^= 1;
        String altered = "enc:v1:k1:" + Base64.getEncoder().encodeToString(data);

        assertThatThrownBy(() -> both.open(relabelled)).isInstanceOf(SecretKeyException.class);
        assertThatThrownBy(() -> both.open(altered)).isInstanceOf(SecretKeyException.class)
                .hasMessageContaining("altered");
        assertThatThrownBy(() -> both.open("enc:v1:k1:@@@")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> both.open("enc:v1:k1:AAAA")).hasMessageContaining("too short");
    }

    @Test
    void malformedKeySettingsStopWithTheReason() {
        assertThatThrownBy(() -> SecretCipher.of("nokey")).isInstanceOf(SecretKeyException.class)
                .hasMessageContaining("not id:base64-key");
        assertThatThrownBy(() -> SecretCipher.of("k1:" + Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("has 16 bytes; AES-256 needs 32");
        assertThatThrownBy(() -> SecretCipher.of("k1:not base64!")).hasMessageContaining("is not base64");
        assertThatThrownBy(() -> SecretCipher.of(K1 + "," + K1)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> SecretCipher.of("k 1:" + key((byte) 1))).hasMessageContaining("key id 'k 1'");
    }

    @Test
    void aHostedStartWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> new SecretConfiguration().secretCipher(new SecretProperties("", true)))
                .isInstanceOf(SecretKeyException.class).hasMessageContaining("require-key is set");
        assertThat(new SecretConfiguration().secretCipher(new SecretProperties(null, false)).sealing()).isFalse();
    }
}
