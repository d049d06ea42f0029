package io.leakscan.target;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.netty.http.client.PrematureCloseException;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class TargetFailureTest {

    private static final TargetClientOptions OPTIONS = TargetClientOptions.defaults()
            .withTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(2));
    private static final String WHERE = "127.0.0.1:54321";

    private static TargetFailure classify(Throwable t) {
        // WebClient and block() wrap the cause; the classifier must look through the chain
        return TargetFailure.classify(Exceptions.propagate(new RuntimeException("wrapped", t)), WHERE, OPTIONS);
    }

    @Test
    void connectionRefused() {
        assertThat(classify(new ConnectException("Connection refused: /127.0.0.1:54321")))
                .isEqualTo(new TargetFailure(FailureCode.CONNECTION_REFUSED,
                        "connection refused by 127.0.0.1:54321 — is the service running?"));
    }

    @Test
    void otherConnectErrorsAreTargetErrors() {
        assertThat(classify(new ConnectException("Network is unreachable")))
                .isEqualTo(new TargetFailure(FailureCode.TARGET_ERROR,
                        "cannot connect to 127.0.0.1:54321: Network is unreachable"));
        assertThat(classify(new NoRouteToHostException("No route to host")).code())
                .isEqualTo(FailureCode.TARGET_ERROR);
    }

    @Test
    void unknownHost() {
        TargetFailure f = classify(new UnknownHostException("nonexistent.invalid"));
        assertThat(f.code()).isEqualTo(FailureCode.DNS_FAILURE);
        assertThat(f.message()).isEqualTo("cannot resolve host 127.0.0.1: no such host "
                + "(nonexistent.invalid)");
    }

    @Test
    void timeoutsQuoteTheLimitThatExpired() {
        assertThat(classify(new ConnectTimeoutException("connection timed out: /10.0.0.1:80")))
                .isEqualTo(new TargetFailure(FailureCode.TIMEOUT, "connecting to 127.0.0.1:54321 timed out after "
                        + "1500 ms — is the host reachable and the port open?"));
        assertThat(classify(ReadTimeoutException.INSTANCE))
                .isEqualTo(new TargetFailure(FailureCode.TIMEOUT, "127.0.0.1:54321 accepted the connection but sent "
                        + "no response within 2 s"));
        assertThat(classify(new TimeoutException("Did not observe any item")).code()).isEqualTo(FailureCode.TIMEOUT);
    }

    @Test
    void tlsErrors() {
        assertThat(classify(new NotSslRecordException("not an SSL/TLS record: 485454502f"))).satisfies(f -> {
            assertThat(f.code()).isEqualTo(FailureCode.TLS_ERROR);
            assertThat(f.message()).startsWith("127.0.0.1:54321 did not answer with TLS — is it plain http?");
        });
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertificateException("unable to find valid certification path"));
        assertThat(classify(untrusted)).isEqualTo(new TargetFailure(FailureCode.TLS_ERROR,
                "the TLS certificate of 127.0.0.1:54321 is not trusted: unable to find valid certification path"));
        assertThat(classify(new SslHandshakeTimeoutException("handshake timed out after 1500ms")))
                .isEqualTo(new TargetFailure(FailureCode.TLS_ERROR, "TLS handshake with 127.0.0.1:54321 did not "
                        + "complete within 1500 ms — does this port speak https?"));
        assertThat(classify(new SSLHandshakeException("Received fatal alert: handshake_failure")).message())
                .isEqualTo("TLS handshake with 127.0.0.1:54321 failed: Received fatal alert: handshake_failure");
    }

    @Test
    void plainHttpAnswersToAClientHelloAreQuoted() {
        // the bytes Echo v5.4.4 (Go 1.26.8 net/http) sent back to a TLS ClientHello, as Netty reports them
        String netty = "not an SSL/TLS record: 485454502f312e31203430302042616420526571756573740d0a436f6e74656e74"
                + "2d547970653a20746578742f706c61696e3b20636861727365743d7574662d380d0a";
        assertThat(TargetFailure.plainTextAnswer(netty)).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(TargetFailure.plainTextAnswer("not an SSL/TLS record: 16030100")).isNull();
        assertThat(TargetFailure.plainTextAnswer("not an SSL/TLS record: xyz")).isNull();
        assertThat(TargetFailure.plainTextAnswer(null)).isNull();
        assertThat(classify(new NotSslRecordException(netty)).message())
                .isEqualTo("127.0.0.1:54321 did not answer with TLS — is it plain http? It answered "
                        + "\"HTTP/1.1 400 Bad Request\"");
    }

    @Test
    void refusalKeepsTheGuardsMessage() {
        assertThat(classify(new TargetNotAllowedException("169.254.169.254",
                "169.254.169.254 is a link-local/cloud metadata address and is never scanned")))
                .isEqualTo(new TargetFailure(FailureCode.TARGET_NOT_ALLOWED,
                        "169.254.169.254 is a link-local/cloud metadata address and is never scanned"));
    }

    @Test
    void closedWithoutResponse() {
        assertThat(classify(PrematureCloseException.TEST_EXCEPTION)).isEqualTo(new TargetFailure(
                FailureCode.TARGET_ERROR, "127.0.0.1:54321 closed the connection before sending a complete response"));
    }

    @Test
    void anythingElseIsATargetErrorWithItsMessage() {
        TargetFailure f = TargetFailure.classify(new IllegalStateException("boom"), WHERE, OPTIONS);
        assertThat(f).isEqualTo(new TargetFailure(FailureCode.TARGET_ERROR, "request to 127.0.0.1:54321 failed: boom"));
        assertThat(TargetFailure.classify(new IllegalStateException(), WHERE, OPTIONS).message())
                .endsWith("failed: IllegalStateException");
    }
}
