package io.leakscan.probe;

import io.leakscan.target.TargetClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.util.Objects;

/**
 * Builds the Reactor Netty client the probe sends through, on the connection pool the engine sized for the session.
 * The target module's SSRF guard plugs in here (its resolver and connect-time address check), so the probe can only
 * reach the guarded target; the engine then adds its own timeouts, no redirects and no compression on top.
 */
@FunctionalInterface
public interface ProbeHttpClientFactory {

    HttpClient create(ConnectionProvider pool);

    /**
     * Sends through the target module's guarded client, so every connection the probe opens is checked against the
     * target policy at connect time (DNS rebinding included). The pool is the target client's: open it with
     * {@code TargetClientOptions.withMaxConnections(limits.maxConcurrency())}, and close it after the session.
     */
    static ProbeHttpClientFactory through(TargetClient target) {
        Objects.requireNonNull(target, "target");
        return pool -> target.httpClient();
    }

    /**
     * A plain client with no address guard: for tests on loopback and for callers that have authorized the target
     * some other way. Production scans pass the target module's guarded factory instead.
     */
    static ProbeHttpClientFactory unguarded() {
        return HttpClient::create;
    }
}
