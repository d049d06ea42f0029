package io.leakscan.engine;

import io.leakscan.probe.ProbeHttpClientFactory;
import io.leakscan.target.AddressGuard;
import io.leakscan.target.GuardedAddressResolverGroup;
import io.leakscan.target.TargetPolicy;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, scenario 6: every probe session opens two clients; each used to get a resolver group of its own that
 * nobody closed and Netty's event loops kept reachable, so a long-running service leaked two per scan
 * (bench/fault-scanner-leak.sh found them in a class histogram: 401 groups after 200 scans).
 */
class ScanEngineClientsTest {

    @Test
    void everyProbeClientOfOneEngineResolvesThroughTheSameGuardedGroup() {
        ProbeHttpClientFactory clients = ScanEngine.guardedClients(new AddressGuard(TargetPolicy.loopbackOnly()));
        ConnectionProvider pooled = ConnectionProvider.create("test-pooled", 2);
        try {
            Object first = clients.create(pooled).configuration().resolver();
            Object second = clients.create(ConnectionProvider.newConnection()).configuration().resolver();
            Object third = clients.create(pooled).configuration().resolver();
            assertThat(first).isInstanceOf(GuardedAddressResolverGroup.class);
            assertThat(second).isSameAs(first);
            assertThat(third).isSameAs(first);
        } finally {
            pooled.dispose();
        }
    }
}
