package io.leakscan.scan;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import java.time.Duration;
import java.util.List;

/**
 * Writes a run needs but that a busy pool (a connection timeout under load) or a database blip may refuse for a
 * moment. Such a failure is the database's, not the scan's: it must not end the scan FAILED with INTERNAL_ERROR.
 */
final class DatabaseWrites {

    /** Waits between tries of a write the run cannot start without: about the pool's own timeout, three times. */
    static final List<Duration> START_WAITS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3));

    private DatabaseWrites() {
    }

    /** @return true when {@code e} says the database (or the pool in front of it) refused, not that the SQL is wrong */
    static boolean unavailable(RuntimeException e) {
        return e instanceof DataAccessException || e instanceof TransactionException;
    }

    /**
     * Runs {@code write}, trying again after each of {@code waits} while the database refuses it; a cancel of the scan
     * stops the waiting. Anything but a database failure is thrown at once.
     *
     * @return true once the write went through, false when every try was refused or the scan was cancelled
     */
    static boolean retried(Runnable write, List<Duration> waits, ScanCancellation cancellation)
            throws InterruptedException {
        for (int tried = 0; ; tried++) {
            try {
                write.run();
                return true;
            } catch (RuntimeException e) {
                if (!unavailable(e)) {
                    throw e;
                }
                if (tried >= waits.size() || cancellation.await(waits.get(tried))) {
                    return false;
                }
            }
        }
    }
}
