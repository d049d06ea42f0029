package io.leakscan.tenant;

import io.leakscan.SharedServiceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submissions of one tenant hold its admission lock only when it has a quota to keep: a tenant without one (the
 * default) used to serialize every submission on the lock while each waiter held a pool connection, and a burst from
 * one tenant timed the pool out for everyone (bench/load-scans.sh: 503s and p99 8.2 s at 100 submissions/s).
 */
@SharedServiceContext
class AdmissionLockTest {

    @Autowired
    TenantQuotas quotas;
    @Autowired
    QuotaStore store;
    @Autowired
    Tenants tenants;
    @Autowired
    TransactionTemplate tx;

    final ExecutorService threads = Executors.newFixedThreadPool(2);
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    /** Another submission of the tenant in flight: it holds the admission lock until released. */
    void holdTheLock(UUID tenant) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        threads.submit(() -> tx.executeWithoutResult(s -> {
            store.lockAdmissions(tenant);
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
    }

    Future<?> admit(UUID tenant, Quota quota) {
        return threads.submit(() -> tx.executeWithoutResult(s -> quotas.admit(tenant, quota, Instant.now())));
    }

    @Test
    void aTenantWithoutAdmissionQuotasDoesNotWaitForItsOtherSubmissions() throws Exception {
        UUID tenant = tenants.create("unlimited-" + UUID.randomUUID()).id();
        holdTheLock(tenant);
        admit(tenant, new Quota(null, null, 100, 8)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aTenantWithAQuotaStillTakesTheLockSoItCannotOvershoot() throws Exception {
        UUID tenant = tenants.create("limited-" + UUID.randomUUID()).id();
        holdTheLock(tenant);
        Future<?> admitted = admit(tenant, new Quota(5, null, null, null));
        CompletableFuture<Void> later = new CompletableFuture<>();
        assertThat(later.completeOnTimeout(null, 500, TimeUnit.MILLISECONDS).thenApply(x -> admitted.isDone())
                .get(5, TimeUnit.SECONDS)).as("waits for the lock").isFalse();
        release.countDown();
        admitted.get(10, TimeUnit.SECONDS);
    }
}
