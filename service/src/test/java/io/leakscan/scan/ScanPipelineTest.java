package io.leakscan.scan;

import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The pipeline alone: order, progress by weight, and how each way of ending becomes an outcome. */
class ScanPipelineTest {

    final ScanQueue queue = mock(ScanQueue.class);
    final ScanCancellation cancellation = new ScanCancellation();
    final UUID id = UUID.randomUUID();
    final PipelineContext ctx = new PipelineContext(new ScanQueue.Claimed(id, UUID.randomUUID(), 1, "{}"),
            new ScanSpec(new TargetSpec(URI.create("http://127.0.0.1:1"), null), null, Profile.QUICK, false, null,
                    new ScanLimits(1, 1, 1), null),
            "node", queue, mock(ScanResultStore.class), JsonMapper.builder().build(), Clock.systemUTC(), cancellation);

    record Phase(String name, int weight, ThrowingConsumer body) implements ScanStep {
        @Override
        public void run(ScanContext ctx) throws Exception {
            body.accept(ctx);
        }
    }

    interface ThrowingConsumer {
        void accept(ScanContext ctx) throws Exception;
    }

    @Test
    void runsPhasesInOrderAndMapsTheirProgressByWeight() {
        List<String> ran = new ArrayList<>();
        ScanPipeline pipeline = new ScanPipeline(List.of(
                new Phase("one", 1, c -> { ran.add("one"); c.progress(100); }),
                new Phase("two", 3, c -> { ran.add("two"); c.progress(50); c.progress(50); c.progress(100); })));
        assertThat(pipeline.run(ctx)).isEqualTo(new ScanPipeline.Outcome.Succeeded());
        assertThat(ran).containsExactly("one", "two");
        var order = inOrder(queue);
        order.verify(queue).progress(id, "node", 1, "one", 0);
        order.verify(queue).progress(id, "node", 1, "one", 25);
        order.verify(queue).progress(id, "node", 1, "two", 25);
        order.verify(queue).progress(id, "node", 1, "two", 62); // 25 + 3/4 * 50
        order.verify(queue).progress(id, "node", 1, "two", 100);
    }

    @Test
    void aPhaseFailsTheScanWithItsCode() {
        ScanPipeline pipeline = new ScanPipeline(List.of(
                new Phase("preflight", 1, c -> { throw new ScanFailedException("DNS_FAILURE", "No such host x."); }),
                new Phase("never", 1, c -> { throw new AssertionError("must not run"); })));
        assertThat(pipeline.run(ctx)).isEqualTo(new ScanPipeline.Outcome.Failed("DNS_FAILURE", "No such host x."));
        verify(queue, never()).progress(eq(id), anyString(), anyInt(), eq("never"), anyInt());
    }

    @Test
    void anUnexpectedExceptionBecomesInternalErrorWithoutDetails() {
        ScanPipeline pipeline = new ScanPipeline(List.of(
                new Phase("load", 1, c -> { throw new IllegalStateException("password=hunter2"); })));
        var outcome = (ScanPipeline.Outcome.Failed) pipeline.run(ctx);
        assertThat(outcome.code()).isEqualTo("INTERNAL_ERROR");
        assertThat(outcome.message()).contains("load").contains("trace id").doesNotContain("hunter2")
                .doesNotContain("IllegalStateException");
    }

    @Test
    void cancellationEndsTheRunWithItsReason() {
        ScanPipeline pipeline = new ScanPipeline(List.of(
                new Phase("wait", 1, c -> {
                    cancellation.cancel(ScanCancellation.Reason.REQUESTED);
                    assertThat(c.cancellation().await(Duration.ofMinutes(1))).isTrue(); // returns at once
                    c.throwIfCancelled();
                }),
                new Phase("never", 1, c -> { throw new AssertionError("must not run"); })));
        assertThat(pipeline.run(ctx)).isEqualTo(new ScanPipeline.Outcome.Cancelled(ScanCancellation.Reason.REQUESTED));
    }

    @Test
    void trafficAbortedByCancelIsACancelNotAnError() {
        List<String> hooks = new ArrayList<>();
        ScanPipeline pipeline = new ScanPipeline(List.of(new Phase("load", 1, c -> {
            c.cancellation().onCancel(() -> hooks.add("aborted"));
            cancellation.cancel(ScanCancellation.Reason.TIMEOUT);
            throw new IOException("connection reset"); // what an aborted request looks like
        })));
        assertThat(pipeline.run(ctx)).isEqualTo(new ScanPipeline.Outcome.Cancelled(ScanCancellation.Reason.TIMEOUT));
        assertThat(hooks).containsExactly("aborted");
        // the first reason wins
        assertThat(cancellation.cancel(ScanCancellation.Reason.SHUTDOWN)).isFalse();
        assertThat(cancellation.reason()).hasValue(ScanCancellation.Reason.TIMEOUT);
    }

    @Test
    void contextCarriesTypedValuesBetweenPhases() {
        ScanContext.Key<String> key = new ScanContext.Key<>("greeting", String.class);
        ScanPipeline pipeline = new ScanPipeline(List.of(
                new Phase("put", 1, c -> c.put(key, "hello")),
                new Phase("get", 1, c -> assertThat(c.get(key)).hasValue("hello"))));
        assertThat(pipeline.run(ctx)).isEqualTo(new ScanPipeline.Outcome.Succeeded());
    }
}
