package io.leakscan.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTest {

    static final byte[] BODY = "{\"version\":1,\"type\":\"scan.failed\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTimestampDotBodyWithHmacSha256AsStripeDoes() {
        // the reference value comes from: printf '1700000000.%s' "$body" | openssl dgst -sha256 -hmac whsec_test
        assertThat(Signatures.hmac("whsec_test", 1_700_000_000L, BODY))
                .isEqualTo("a00c0e4f4e8fbcee4603bc6d69729ade4233a86eb776315aa69f4d080c5a839e");
        assertThat(Signatures.header(1_700_000_000L, BODY, List.of("whsec_test")))
                .isEqualTo("t=1700000000,v1=a00c0e4f4e8fbcee4603bc6d69729ade4233a86eb776315aa69f4d080c5a839e");
    }

    @Test
    void duringAnOverlapEitherSecretVerifies() {
        String header = Signatures.header(1_700_000_000L, BODY, List.of("new", "old"));
        assertThat(header.split(",")).hasSize(3);
        assertThat(Signatures.verify(header, BODY, "new", 1_700_000_010L, 300)).isTrue();
        assertThat(Signatures.verify(header, BODY, "old", 1_700_000_010L, 300)).isTrue();
        assertThat(Signatures.verify(header, BODY, "other", 1_700_000_010L, 300)).isFalse();
    }

    @Test
    void refusesReplaysTamperingAndMalformedHeaders() {
        String header = Signatures.header(1_700_000_000L, BODY, List.of("s"));
        assertThat(Signatures.verify(header, BODY, "s", 1_700_000_300L, 300)).isTrue();
        assertThat(Signatures.verify(header, BODY, "s", 1_700_000_301L, 300)).as("older than 5 minutes").isFalse();
        assertThat(Signatures.verify(header, "{}".getBytes(StandardCharsets.UTF_8), "s", 1_700_000_000L, 300))
                .isFalse();
        // the timestamp is signed: moving it forward breaks the signature
        String moved = header.replace("t=1700000000", "t=1700000200");
        assertThat(Signatures.verify(moved, BODY, "s", 1_700_000_200L, 300)).isFalse();
        assertThat(Signatures.verify(null, BODY, "s", 1_700_000_000L, 300)).isFalse();
        assertThat(Signatures.verify("v1=abc", BODY, "s", 1_700_000_000L, 300)).isFalse();
        assertThat(Signatures.verify("t=x,v1=abc", BODY, "s", 1_700_000_000L, 300)).isFalse();
        assertThat(Signatures.verify("t=1700000000", BODY, "s", 1_700_000_000L, 300)).isFalse();
    }

    @Test
    void secretsAreRandomAndRecognisable() {
        String a = Signatures.newSecret();
        assertThat(a).startsWith("whsec_").hasSize(6 + 43).isNotEqualTo(Signatures.newSecret());
    }
}
