package io.leakscan.scan;

import io.leakscan.SharedServiceContext;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queue's SQL against the real PostgreSQL, with this node's workers off so the test drives every step. */
@SharedServiceContext
class ScanQueueTest {

    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    @Autowired
    ScanQueue queue;
    @Autowired
    ScanStore store;
    @Autowired
    ScanResultStore results;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Tenants tenants;

    UUID tenant;

    @BeforeEach
    void clean() {
        jdbc.update("DELETE FROM scans");
        jdbc.update("UPDATE tenants SET last_claimed_at = NULL");
        tenant = jdbc.queryForObject("SELECT id FROM tenants ORDER BY created_at LIMIT 1", UUID.class);
    }

    UUID queued(String baseUrl, Instant at) {
        return queued(tenant, baseUrl, at);
    }

    UUID queued(UUID tenant, String baseUrl, Instant at) {
        UUID id = UUID.randomUUID();
        String key = TargetKey.of(URI.create(baseUrl));
        store.insert(ScanRow.queued(id, tenant, at, baseUrl, key, Profile.QUICK, false,
                "{\"target\": {\"baseUrl\": \"" + baseUrl + "\"}}", null, "h"));
        return id;
    }

    ScanRow row(UUID id) {
        return store.find(tenant, id).orElseThrow();
    }

    @Test
    void claimTakesTheOldestAndSkipsTargetsThatAreAlreadyRunning() {
        UUID t1 = queued("http://127.0.0.1:9001", T0);
        UUID t2 = queued("http://127.0.0.1:9001/other", T0.plusSeconds(1)); // same target key
        UUID u1 = queued("http://localhost:9002", T0.plusSeconds(2));

        assertThat(queue.claim("n1", T0.plusSeconds(10))).map(ScanQueue.Claimed::id).hasValue(t1);
        assertThat(queue.claim("n2", T0.plusSeconds(10))).map(ScanQueue.Claimed::id).hasValue(u1);
        assertThat(queue.claim("n2", T0.plusSeconds(10))).isEmpty();

        ScanRow running = row(t1);
        assertThat(running.status()).isEqualTo(ScanState.RUNNING);
        assertThat(running.pickedBy()).isEqualTo("n1");
        assertThat(running.attempt()).isEqualTo(1);
        assertThat(running.heartbeatAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(row(t2).status()).isEqualTo(ScanState.QUEUED);

        assertThat(queue.finish(t1, "n1", 1, ScanState.SUCCEEDED, null, null, T0.plusSeconds(20))).isTrue();
        assertThat(queue.claim("n2", T0.plusSeconds(21))).map(ScanQueue.Claimed::id).hasValue(t2);
    }

    @Test
    void anotherTenantsSingleScanWaitsAtMostOneSlotBehindA200ScanBacklog() {
        UUID busy = tenant;
        UUID other = tenants.create("other").id();
        for (int i = 0; i < 200; i++) {
            queued(busy, "http://127.0.0.1:" + (10000 + i), T0.plusMillis(i));
        }
        // one slot, taken by the backlog before the other tenant submits
        ScanQueue.Claimed first = queue.claim("n1", T0.plusSeconds(1)).orElseThrow();
        assertThat(first.tenantId()).isEqualTo(busy);
        UUID single = queued(other, "http://127.0.0.1:9999", T0.plusSeconds(2));

        queue.finish(first.id(), "n1", first.attempt(), ScanState.SUCCEEDED, null, null, T0.plusSeconds(3));
        assertThat(queue.claim("n1", T0.plusSeconds(3))).map(ScanQueue.Claimed::id).hasValue(single);
        assertThat(queue.claim("n1", T0.plusSeconds(4))).map(ScanQueue.Claimed::tenantId).hasValue(busy);
    }

    @Test
    void aFreeSlotGoesToTheTenantWithFewerRunningScansEvenWhenItQueuedLast() {
        UUID busy = tenant;
        UUID other = tenants.create("other").id();
        for (int i = 0; i < 200; i++) {
            queued(busy, "http://127.0.0.1:" + (10000 + i), T0.plusMillis(i));
        }
        for (int slot = 0; slot < 3; slot++) {
            assertThat(queue.claim("n1", T0.plusSeconds(1))).map(ScanQueue.Claimed::tenantId).hasValue(busy);
        }
        UUID single = queued(other, "http://127.0.0.1:9999", T0.plusSeconds(2));
        assertThat(queue.claim("n2", T0.plusSeconds(3))).map(ScanQueue.Claimed::id).hasValue(single);
    }

    @Test
    void tenantsTakeTurnsAndEachTenantsScansStartOldestFirst() {
        List<UUID> owners = List.of(tenant, tenants.create("b").id(), tenants.create("c").id());
        Map<UUID, List<UUID>> queuedByTenant = new HashMap<>();
        int port = 10000;
        for (UUID owner : owners) { // all of a's scans, then b's, then c's
            for (int i = 0; i < 3; i++) {
                queuedByTenant.computeIfAbsent(owner, k -> new ArrayList<>())
                        .add(queued(owner, "http://127.0.0.1:" + port++, T0.plusSeconds(port)));
            }
        }
        List<ScanQueue.Claimed> order = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Instant now = T0.plusSeconds(100 + i);
            ScanQueue.Claimed next = queue.claim("n1", now).orElseThrow();
            order.add(next);
            queue.finish(next.id(), "n1", next.attempt(), ScanState.SUCCEEDED, null, null, now);
        }
        for (int round = 0; round < 3; round++) {
            assertThat(order.subList(round * 3, round * 3 + 3)).extracting(ScanQueue.Claimed::tenantId)
                    .containsExactlyInAnyOrderElementsOf(owners);
        }
        for (UUID owner : owners) {
            assertThat(order).filteredOn(c -> c.tenantId().equals(owner)).extracting(ScanQueue.Claimed::id)
                    .containsExactlyElementsOf(queuedByTenant.get(owner));
        }
    }

    @Test
    void theDatabaseAllowsOnlyOneRunningScanPerTarget() {
        UUID a = queued("http://127.0.0.1:9001", T0);
        UUID b = queued("HTTP://127.0.0.1:9001/", T0.plusSeconds(1));
        jdbc.update("UPDATE scans SET status = 'RUNNING' WHERE id = ?", a);
        assertThatThrownBy(() -> jdbc.update("UPDATE scans SET status = 'RUNNING' WHERE id = ?", b))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void targetKeysNormaliseSchemeHostAndDefaultPort() {
        assertThat(TargetKey.of(URI.create("HTTP://LocalHost/x"))).isEqualTo("http://localhost:80");
        assertThat(TargetKey.of(URI.create("https://example.com./"))).isEqualTo("https://example.com:443");
        assertThat(TargetKey.of(URI.create("http://[::1]:8080"))).isEqualTo("http://[::1]:8080");
        assertThat(TargetKey.parse("gopher://x")).isNull();
    }

    @Test
    void writesOnlyLandWhileTheNodeOwnsTheScan() {
        UUID id = queued("http://127.0.0.1:9001", T0);
        queue.claim("n1", T0);
        long version = row(id).version();
        assertThat(queue.progress(id, "n2", 1, "preflight", 10)).isFalse();
        assertThat(queue.progress(id, "n1", 1, "preflight", 10)).isTrue();
        assertThat(queue.progress(id, "n1", 1, "preflight", 10)).isFalse(); // no change, no new version
        assertThat(row(id).version()).isEqualTo(version + 1);
        assertThat(queue.finish(id, "n2", 1, ScanState.SUCCEEDED, null, null, T0)).isFalse();
        assertThat(queue.heartbeat("n2", List.of(id), T0.plusSeconds(1))).isEmpty();
        assertThat(queue.heartbeat("n1", List.of(id), T0.plusSeconds(1))).isEqualTo(Map.of(id, false));
        assertThat(row(id).heartbeatAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aStaleAttemptOfTheSameNodeIdCannotEndTheScanItsNodeClaimedAgain() {
        UUID id = queued("http://127.0.0.1:9001", T0);
        ScanQueue.Claimed stale = queue.claim("n1", T0).orElseThrow();
        // n1 stops heartbeating (paused or restarted with the same node id); the reaper requeues, n1 claims again
        assertThat(queue.reap(T0.plusSeconds(60), T0.plusSeconds(30), 3)).hasSize(1);
        ScanQueue.Claimed fresh = queue.claim("n1", T0.plusSeconds(61)).orElseThrow();
        assertThat(fresh.attempt()).isEqualTo(stale.attempt() + 1);

        // nor write into it: progress, results and findings of the stale run land nowhere
        assertThat(queue.progress(id, "n1", stale.attempt(), "scan", 50)).isFalse();
        queue.recordOutcome(id, "n1", stale.attempt(), "LEAKS_FOUND", "stale", "{}");
        assertThat(row(id).verdict()).isNull();
        assertThat(results.storeFindings(id, "n1", stale.attempt(), List.of())).isFalse();
        assertThat(results.storeFindings(id, "n1", fresh.attempt(), List.of())).isTrue();
        assertThat(queue.progress(id, "n1", fresh.attempt(), "scan", 50)).isTrue();
        assertThat(queue.finish(id, "n1", stale.attempt(), ScanState.FAILED, "X", "stale", T0.plusSeconds(62)))
                .isFalse();
        assertThat(row(id).status()).isEqualTo(ScanState.RUNNING);
        assertThat(queue.finish(id, "n1", fresh.attempt(), ScanState.SUCCEEDED, null, null, T0.plusSeconds(63)))
                .isTrue();
        assertThat(row(id).status()).isEqualTo(ScanState.SUCCEEDED);
    }

    @Test
    void theReaperRequeuesALostScanThenFailsItAfterMaxAttempts() {
        UUID id = queued("http://127.0.0.1:9001", T0);
        queue.claim("n1", T0);
        // heartbeat is fresh: nothing to reap
        assertThat(queue.reap(T0.plusSeconds(1), T0.minusSeconds(30), 2)).isEmpty();

        List<ScanQueue.Reaped> first = queue.reap(T0.plusSeconds(60), T0.plusSeconds(30), 2);
        assertThat(first).extracting(ScanQueue.Reaped::status).containsExactly(ScanState.QUEUED);
        ScanRow requeued = row(id);
        assertThat(requeued.pickedBy()).isNull();
        assertThat(requeued.attempt()).isEqualTo(1);

        assertThat(queue.claim("n2", T0.plusSeconds(61))).map(ScanQueue.Claimed::attempt).hasValue(2);
        List<ScanQueue.Reaped> second = queue.reap(T0.plusSeconds(120), T0.plusSeconds(90), 2);
        assertThat(second).extracting(ScanQueue.Reaped::status).containsExactly(ScanState.FAILED);
        ScanRow failed = row(id);
        assertThat(failed.failureCode()).isEqualTo("WORKER_LOST");
        assertThat(failed.failureMessage()).contains("2 attempts");
        assertThat(failed.finishedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aLostScanWithAPendingCancelEndsCancelled() {
        UUID id = queued("http://127.0.0.1:9001", T0);
        queue.claim("n1", T0);
        assertThat(store.requestCancel(tenant, id, T0.plusSeconds(1))).map(ScanRow::status).hasValue(ScanState.RUNNING);
        assertThat(queue.watch("n1", List.of(id))).isEqualTo(Map.of(id, true));
        assertThat(queue.reap(T0.plusSeconds(60), T0.plusSeconds(30), 3))
                .extracting(ScanQueue.Reaped::status).containsExactly(ScanState.CANCELLED);
    }

    @Test
    void handBackReturnsTheScanWithoutCountingTheAttempt() {
        UUID id = queued("http://127.0.0.1:9001", T0);
        queue.claim("n1", T0);
        assertThat(queue.handBack(id, "n2", 1)).isFalse();
        assertThat(queue.handBack(id, "n1", 2)).isFalse(); // not the attempt that runs
        assertThat(queue.handBack(id, "n1", 1)).isTrue();
        ScanRow back = row(id);
        assertThat(back.status()).isEqualTo(ScanState.QUEUED);
        assertThat(back.pickedBy()).isNull();
        assertThat(back.attempt()).isZero();
    }

    @Test
    void cancellingAQueuedScanIsImmediateAndAFinishedOneCannotBeCancelled() {
        UUID id = queued("http://127.0.0.1:9001", T0);
        Optional<ScanRow> cancelled = store.requestCancel(tenant, id, T0.plusSeconds(5));
        assertThat(cancelled).map(ScanRow::status).hasValue(ScanState.CANCELLED);
        assertThat(cancelled.get().finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.requestCancel(tenant, id, T0.plusSeconds(6))).isEmpty();
        assertThat(queue.claim("n1", T0.plusSeconds(7))).isEmpty();
        // another tenant cannot cancel or see it
        assertThat(store.requestCancel(UUID.randomUUID(), id, T0)).isEmpty();
        assertThat(store.find(UUID.randomUUID(), id)).isEmpty();
    }

    @Test
    void listIsTenantScopedNewestFirstAndFiltered() {
        UUID a = queued("http://127.0.0.1:9001", T0);
        UUID b = queued("http://127.0.0.1:9002", T0.plusSeconds(1));
        UUID c = queued("http://127.0.0.1:9001", T0.plusSeconds(2));
        assertThat(store.page(tenant, null, null, 0, 10)).extracting(ScanRow::id).containsExactly(c, b, a);
        assertThat(store.page(tenant, null, "http://127.0.0.1:9001", 0, 10)).extracting(ScanRow::id)
                .containsExactly(c, a);
        assertThat(store.page(tenant, ScanState.RUNNING, null, 0, 10)).isEmpty();
        assertThat(store.page(UUID.randomUUID(), null, null, 0, 10)).isEmpty();
        assertThat(store.count(tenant, null, null)).isEqualTo(3);
        assertThat(store.page(tenant, null, null, 1, 1)).extracting(ScanRow::id).containsExactly(b);
    }

    @Test
    void jsonResultsAreStoredAsJsonb() {
        UUID id = queued("http://127.0.0.1:9001", T0);
        queue.claim("n1", T0);
        queue.recordJson(id, "n1", 1, "fingerprint", "{\"echo\": true, \"majorVersion\": 4, \"confidence\": 0.9, \"evidence\": []}");
        queue.recordOutcome(id, "n1", 1, "CLEAN", "Nothing leaks.", "{\"HIGH\": 0}");
        assertThat(jdbc.queryForObject("SELECT fingerprint->>'majorVersion' FROM scans WHERE id = ?", String.class, id))
                .isEqualTo("4");
        assertThat(jdbc.queryForObject("SELECT jsonb_typeof(request) FROM scans WHERE id = ?", String.class, id))
                .isEqualTo("object");
        assertThatThrownBy(() -> queue.recordJson(id, "n1", 1, "status", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("status");
        assertThat(Duration.between(T0, row(id).heartbeatAt())).isZero();
    }

    @Test
    void theSizedDurationLandsInTheStoredRequestsLimitsOnlyWhileTheNodeOwnsTheScan() {
        UUID id = UUID.randomUUID();
        String baseUrl = "http://127.0.0.1:9002";
        store.insert(ScanRow.queued(id, tenant, T0, baseUrl, TargetKey.of(URI.create(baseUrl)), Profile.MEMORY,
                false, "{\"limits\": {\"maxDurationSeconds\": 900, \"durationFromPlan\": true}}", null, "h"));
        queue.recordMaxDuration(id, "n1", 1, Duration.ofMinutes(60)); // not claimed yet: no write
        assertThat(jdbc.queryForObject("SELECT request->'limits'->>'maxDurationSeconds' FROM scans WHERE id = ?",
                String.class, id)).isEqualTo("900");
        queue.claim("n1", T0);
        queue.recordMaxDuration(id, "n2", 1, Duration.ofMinutes(45)); // another node: no write
        queue.recordMaxDuration(id, "n1", 1, Duration.ofMinutes(60));
        assertThat(jdbc.queryForObject("SELECT request->'limits' FROM scans WHERE id = ?", String.class, id))
                .isEqualTo("{\"durationFromPlan\": true, \"maxDurationSeconds\": 3600}");
    }
}
