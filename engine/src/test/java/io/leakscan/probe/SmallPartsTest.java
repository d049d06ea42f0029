package io.leakscan.probe;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Percentiles, error classification and the cancellation token. */
class SmallPartsTest {

    @Test
    void percentilesAreExactNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
        }
        Latency latency = Latency.of(nanos, 100);
        assertThat(latency).isEqualTo(new Latency(100, 50.0, 95.0, 99.0, 100.0));
        assertThat(Latency.of(new long[] {3_000_000}, 1)).isEqualTo(new Latency(1, 3.0, 3.0, 3.0, 3.0));
        assertThat(Latency.of(new long[4], 0)).isEqualTo(Latency.NONE);
    }

    @Test
    void errorsAreClassifiedThroughTheirCauseChain() {
        assertThat(ErrorClassifier.classify(new RuntimeException(new ConnectException("Connection refused")))).isEqualTo(ErrorCause.CONNECT_REFUSED);
        assertThat(ErrorClassifier.classify(new ConnectTimeoutException("connection timed out"))).isEqualTo(ErrorCause.TIMEOUT);
        assertThat(ErrorClassifier.classify(ReadTimeoutException.INSTANCE)).isEqualTo(ErrorCause.TIMEOUT);
        assertThat(ErrorClassifier.classify(new TimeoutException())).isEqualTo(ErrorCause.TIMEOUT);
        assertThat(ErrorClassifier.classify(new IOException("Connection reset by peer"))).isEqualTo(ErrorCause.RESET);
        assertThat(ErrorClassifier.classify(new RuntimeException(new SSLHandshakeException("bad cert")))).isEqualTo(ErrorCause.TLS);
        assertThat(ErrorClassifier.classify(new IllegalStateException("odd"))).isEqualTo(ErrorCause.OTHER);
        assertThat(ErrorClassifier.describe(new RuntimeException("outer", new IOException("inner")))).isEqualTo("IOException: inner");
        assertThat(PrematureCloseException.class.getSimpleName()).endsWith("PrematureCloseException");
    }

    @Test
    void cancellationKeepsTheFirstReasonAndTellsLateListenersAtOnce() {
        CancellationToken token = new CancellationToken();
        List<String> heard = new ArrayList<>();
        Runnable unregister = token.onCancel(heard::add);
        List<String> removed = new ArrayList<>();
        token.onCancel(removed::add).run();

        token.cancel("first");
        token.cancel("second");
        token.onCancel(heard::add);
        unregister.run();

        assertThat(token.isCancelled()).isTrue();
        assertThat(token.reason()).contains("first");
        assertThat(heard).containsExactly("first", "first");
        assertThat(removed).isEmpty();
        assertThat(new CancellationToken().reason()).isEmpty();
    }
}
