package io.leakscan.scan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * The scan workers of this node. Every node that shares the database runs its own pool; the database coordinates.
 *
 * @param enabled            false makes this node serve the API only
 * @param nodeId             written to {@code picked_by}; blank means host name, process id and a random suffix
 * @param poolSize           scans this node runs at once
 * @param pollInterval       how often an idle worker looks for queued scans
 * @param heartbeatInterval  how often a running scan's {@code heartbeat_at} is refreshed
 * @param cancelPollInterval how often running scans are checked for a cancel request (keep it under 1 s)
 * @param leaseTimeout       a running scan whose heartbeat is older than this is considered lost and is reclaimed
 * @param reaperInterval     how often this node looks for lost scans
 * @param maxAttempts        a scan lost this many times ends FAILED with WORKER_LOST
 * @param scanTimeout        a scan running longer ends FAILED with SCAN_TIMEOUT
 * @param cancelGrace        how long a cancelled or timed-out scan may take to stop before it is ended for it
 * @param shutdownGrace      on shutdown, running scans get this long to finish before going back to the queue
 */
@ConfigurationProperties("leakscan.worker")
public record WorkerProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("") String nodeId,
                               @DefaultValue("4") int poolSize,
                               @DefaultValue("1s") Duration pollInterval,
                               @DefaultValue("5s") Duration heartbeatInterval,
                               @DefaultValue("500ms") Duration cancelPollInterval,
                               @DefaultValue("30s") Duration leaseTimeout,
                               @DefaultValue("10s") Duration reaperInterval,
                               @DefaultValue("3") int maxAttempts,
                               @DefaultValue("75m") Duration scanTimeout,
                               @DefaultValue("5s") Duration cancelGrace,
                               @DefaultValue("20s") Duration shutdownGrace) {

    public WorkerProperties {
        if (poolSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("leakscan.worker.pool-size and max-attempts must be at least 1");
        }
        if (!heartbeatInterval.multipliedBy(2).minus(leaseTimeout).isNegative()) {
            throw new IllegalArgumentException(
                    "leakscan.worker.lease-timeout must be more than twice the heartbeat-interval");
        }
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
