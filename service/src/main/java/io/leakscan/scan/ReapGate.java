package io.leakscan.scan;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the reaper may trust heartbeat ages. While the database is away no worker on any node can heartbeat, so the
 * moment it is back every running scan looks lost and would be requeued and started again from scratch, although its
 * worker never stopped. After this node last failed to reach the database the reaper therefore waits one lease
 * timeout, in which every live worker heartbeats again; a scan whose worker really died is reaped then.
 */
final class ReapGate {

    private final Duration leaseTimeout;
    private Instant closedUntil = Instant.MIN;

    ReapGate(Duration leaseTimeout) {
        this.leaseTimeout = leaseTimeout;
    }

    /** A scheduled worker task failed; a database failure closes the gate for a lease from now. */
    synchronized void failed(RuntimeException e, Instant now) {
        if (e instanceof DataAccessException || e instanceof TransactionException) {
            Instant until = now.plus(leaseTimeout);
            if (until.isAfter(closedUntil)) {
                closedUntil = until;
            }
        }
    }

    /** @return true when the reaper may judge heartbeats at {@code now} */
    synchronized boolean open(Instant now) {
        return !now.isBefore(closedUntil);
    }
}
