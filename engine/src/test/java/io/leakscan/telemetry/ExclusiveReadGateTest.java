package io.leakscan.telemetry;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ExclusiveReadGateTest {

    /** Long enough that no test here reaches it unless it means to. */
    static final long NO_TIMEOUT_MS = 60_000;

    final List<String> started = new CopyOnWriteArrayList<>();

    /** A request that records when it starts and ends when the test completes {@code done}. */
    CompletableFuture<String> submit(ExclusiveReadGate gate, boolean exclusive, String name,
                                     CompletableFuture<String> done) {
        return gate.submit(exclusive, () -> {
            started.add(name);
            return done;
        });
    }

    @Test
    void sharedRequestsRunSideBySide() {
        ExclusiveReadGate gate = new ExclusiveReadGate(NO_TIMEOUT_MS);
        submit(gate, false, "metrics", new CompletableFuture<>());
        submit(gate, false, "goroutines", new CompletableFuture<>());
        assertThat(started).containsExactly("metrics", "goroutines");
    }

    @Test
    void anExclusiveReadWaitsForEveryRequestBeforeIt() {
        ExclusiveReadGate gate = new ExclusiveReadGate(NO_TIMEOUT_MS);
        CompletableFuture<String> metrics = new CompletableFuture<>();
        CompletableFuture<String> vars = new CompletableFuture<>();
        submit(gate, false, "metrics", metrics);
        submit(gate, false, "vars", vars);
        CompletableFuture<String> heap = submit(gate, true, "heap", CompletableFuture.completedFuture("heap body"));
        assertThat(started).containsExactly("metrics", "vars");
        metrics.complete("m");
        assertThat(started).doesNotContain("heap");
        // a failed request has ended as well
        vars.completeExceptionally(new IllegalStateException("reset"));
        assertThat(started).containsExactly("metrics", "vars", "heap");
        assertThat(heap).isCompletedWithValue("heap body");
    }

    @Test
    void requestsAfterAnExclusiveReadWaitForItToEnd() {
        ExclusiveReadGate gate = new ExclusiveReadGate(NO_TIMEOUT_MS);
        CompletableFuture<String> heap = new CompletableFuture<>();
        submit(gate, true, "heap", heap);
        submit(gate, false, "metrics", new CompletableFuture<>());
        CompletableFuture<String> secondHeap = new CompletableFuture<>();
        submit(gate, true, "heap again", secondHeap);
        assertThat(started).containsExactly("heap");
        heap.complete("h");
        // the scrape starts; the second exclusive read waits for that scrape as well
        assertThat(started).containsExactly("heap", "metrics");
    }

    @Test
    void aRequestThatNeverEndsHoldsTheOthersOnlyForTheBoundedWait() {
        long bound = 50;
        ExclusiveReadGate gate = new ExclusiveReadGate(bound);
        submit(gate, true, "stuck heap", new CompletableFuture<>());
        long submitted = System.nanoTime();
        AtomicLong startedAfter = new AtomicLong(-1);
        gate.submit(false, () -> {
            startedAfter.set(System.nanoTime() - submitted);
            return CompletableFuture.completedFuture("m");
        });
        await().atMost(5, TimeUnit.SECONDS).until(() -> startedAfter.get() >= 0);
        assertThat(TimeUnit.NANOSECONDS.toMillis(startedAfter.get())).isGreaterThanOrEqualTo(bound);
    }

    @Test
    void whatTheRequestReturnsIsWhatTheCallerGets() {
        ExclusiveReadGate gate = new ExclusiveReadGate(NO_TIMEOUT_MS);
        CompletableFuture<String> failing = submit(gate, false, "metrics",
                CompletableFuture.failedFuture(new IllegalStateException("HTTP 500")));
        assertThat(failing).isCompletedExceptionally();
        // a failed request does not hold the gate
        assertThat(submit(gate, true, "heap", CompletableFuture.completedFuture("h"))).isCompletedWithValue("h");
    }
}
