package io.leakscan.scan;

import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The samples of a scan that carries on while the database is away: the batches it refused are written, in order,
 * once it is back (before the fix they were dropped with a warning, leaving a hole in the stored series).
 */
class SampleWriterTest {

    final List<Double> written = new CopyOnWriteArrayList<>();
    final AtomicBoolean databaseAway = new AtomicBoolean();
    final AtomicInteger refusals = new AtomicInteger();
    final ScanCancellation cancellation = new ScanCancellation();
    final SampleWriter writer = new SampleWriter(UUID.randomUUID(), batch -> {
        if (databaseAway.get()) {
            refusals.incrementAndGet();
            throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
        }
        batch.forEach(s -> written.add(s.values().get(Signal.HEAP_INUSE_BYTES)));
    }, cancellation);

    static List<Sample> batch(double... heap) {
        return Arrays.stream(heap).mapToObj(h -> new Sample(Instant.EPOCH, "load", null,
                Map.of(Signal.HEAP_INUSE_BYTES, h), null)).toList();
    }

    @Test
    void batchesRefusedDuringAnOutageAreWrittenInOrderOnceTheDatabaseIsBack() {
        writer.write(batch(1, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 2);

        databaseAway.set(true);
        writer.write(batch(3));
        writer.write(batch(4, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals.get() >= 2);
        assertThat(written).containsExactly(1.0, 2.0);

        databaseAway.set(false);
        writer.write(batch(6));
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 6);
        writer.drain();
        assertThat(written).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    }

    @Test
    void theEndOfTheScanRetriesWhatIsStillKept() {
        databaseAway.set(true);
        writer.write(batch(1));
        writer.write(batch(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals.get() >= 2);

        // the database comes back while the scan is ending: drain() keeps trying for a while
        Thread.ofVirtual().start(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> refusals.get() >= 3);
            databaseAway.set(false);
        });
        writer.drain();
        assertThat(written).containsExactly(1.0, 2.0);
    }

    @Test
    void aScanThatEndsWhileTheDatabaseStaysAwayGivesUpAfterItsRetries() {
        databaseAway.set(true);
        writer.write(batch(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals.get() >= 1);
        cancellation.cancel(ScanCancellation.Reason.REQUESTED); // a cancel ends the retries at once
        long started = System.nanoTime();
        writer.drain();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(written).isEmpty();
    }
}
