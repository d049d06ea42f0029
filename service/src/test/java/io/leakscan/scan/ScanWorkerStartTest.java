package io.leakscan.scan;

import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * How a claimed run starts when the database refuses the first write (clearing an earlier attempt's results): under
 * load the pool times out, which used to end the scan FAILED with INTERNAL_ERROR although nothing had run.
 */
class ScanWorkerStartTest {

    final ScanQueue queue = mock(ScanQueue.class);
    final ScanFinalizer finalizer = mock(ScanFinalizer.class);
    final ScanResultStore results = mock(ScanResultStore.class);
    final UUID id = UUID.randomUUID();
    final JsonMapper json = JsonMapper.builder().build();
    final ScanQueue.Claimed claimed = new ScanQueue.Claimed(id, UUID.randomUUID(), 1, json.writeValueAsString(
            new ScanSpec(new TargetSpec(URI.create("http://127.0.0.1:1"), null), null, Profile.QUICK, false, null,
                    new ScanLimits(1, 1, 1), null)));
    final AtomicInteger stepRuns = new AtomicInteger();
    ScanWorker worker;

    ScanWorker worker() {
        WorkerProperties properties = new WorkerProperties(true, "node-a", 1, Duration.ofMillis(50),
                Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10), 3,
                Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(1));
        ScanStep step = new ScanStep() {
            @Override
            public String name() {
                return "counted";
            }

            @Override
            public void run(ScanContext ctx) {
                stepRuns.incrementAndGet();
            }
        };
        // one claim, then the queue is empty
        when(queue.claim(eq("node-a"), any())).thenReturn(Optional.of(claimed)).thenReturn(Optional.empty());
        // this node still owns the scan, no cancel requested
        when(queue.watch(eq("node-a"), any())).thenReturn(Map.of(id, false));
        worker = new ScanWorker(queue, new ScanPipeline(List.of(step)), properties, json,
                Clock.systemUTC(), finalizer, results, mock(ScanMetrics.class));
        // the production waits (1 s, 3 s) a hundred times shorter: as many tries, not 4 s of real time for them
        worker.startWaits = DatabaseWrites.START_WAITS.stream().map(w -> w.dividedBy(100)).toList();
        return worker;
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    @Test
    void aPoolTimeoutClearingEarlierResultsIsTriedAgainAndTheScanRuns() {
        doThrow(new CannotGetJdbcConnectionException("pool timed out")).doNothing().when(results).reset(id);
        worker().start();

        verify(finalizer, timeout(10_000)).finish(eq(id), any(), eq("node-a"), eq(1), eq(ScanState.SUCCEEDED),
                any(), any(), any());
        verify(results, timeout(1_000).times(2)).reset(id);
        verify(finalizer, never()).finish(any(), any(), anyString(), anyInt(), eq(ScanState.FAILED), any(), any(),
                any());
    }

    @Test
    void aDatabaseThatKeepsRefusingGetsTheScanHandedBackNotFailed() {
        doThrow(new CannotGetJdbcConnectionException("pool timed out")).when(results).reset(id);
        worker().start();

        verify(queue, timeout(15_000)).handBack(id, "node-a", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.runningScans().isEmpty());
        verify(finalizer, never()).finish(any(), any(), anyString(), anyInt(), any(), any(), any(), any());
        verify(results, timeout(1_000).times(DatabaseWrites.START_WAITS.size() + 1)).reset(id);
        org.assertj.core.api.Assertions.assertThat(stepRuns).hasValue(0);
    }
}
