package io.leakscan.scan;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scan whose node died is claimed again within the lease plus one reaper interval, not at the next poll: the node
 * whose reaper hands the scan back claims it at once. The poll interval here is a minute, so only that can start it
 * again within seconds (bench/fault-node-loss.sh measures the same with killed service processes).
 */
@SpringBootTest(properties = {"leakscan.worker.poll-interval=1m", "leakscan.worker.node-id=reclaimer"})
class ReclaimIT {

    @Autowired
    ScanStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    WorkerProperties worker;

    @Test
    void theReaperThatRequeuesALostScanClaimsItWithoutWaitingForItsNextPoll() throws Exception {
        UUID tenant = jdbc.queryForObject("SELECT id FROM tenants ORDER BY created_at LIMIT 1", UUID.class);
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String baseUrl = "http://127.0.0.1:" + closed;
        UUID id = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
        store.insert(ScanRow.queued(id, tenant, longAgo, baseUrl, TargetKey.of(URI.create(baseUrl)), Profile.QUICK,
                false, "{\"target\": {\"baseUrl\": \"" + baseUrl + "\"}, \"profile\": \"quick\"}", null, "h"));
        // running on a node that died a minute ago: its heartbeat stopped then
        jdbc.update("UPDATE scans SET status = 'RUNNING', picked_by = 'dead-node', attempt = 1, started_at = ?, "
                + "heartbeat_at = ? WHERE id = ?", Timestamp.from(longAgo), Timestamp.from(longAgo.plusSeconds(4 * 60)),
                id);

        Instant reaperBound = Instant.now().plus(worker.leaseTimeout()).plus(worker.reaperInterval());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                jdbc.queryForObject("SELECT attempt FROM scans WHERE id = ?", Integer.class, id) == 2);
        assertThat(Instant.now()).as("claimed again within a reaper interval, not after the 1 minute poll")
                .isBefore(reaperBound.plusSeconds(3));
        Map<String, Object> row = jdbc.queryForMap("SELECT picked_by, status FROM scans WHERE id = ?", id);
        assertThat(row.get("picked_by")).isEqualTo("reclaimer");
    }
}
