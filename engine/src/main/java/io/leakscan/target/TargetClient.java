package io.leakscan.target;

import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;

/**
 * The only way Leakscan sends traffic to a target: a {@link WebClient} (and the underlying Reactor Netty
 * {@link HttpClient} for callers that need the raw connection, such as client-abort probes) whose every connection is
 * checked by {@link AddressGuard} at connect time and which never follows redirects. Create with
 * {@link TargetHttpClients#open}; close it when the phase is done: pooled keep-alive connections hold a goroutine
 * each in a Go target and would otherwise show up in its goroutine count.
 */
public final class TargetClient implements AutoCloseable {

    private final TargetSpec target;
    private final WebClient webClient;
    private final HttpClient httpClient;
    private final ConnectionProvider connections;
    private final GuardedAddressResolverGroup resolvers;

    TargetClient(TargetSpec target, WebClient webClient, HttpClient httpClient, ConnectionProvider connections,
                 GuardedAddressResolverGroup resolvers) {
        this.target = target;
        this.webClient = webClient;
        this.httpClient = httpClient;
        this.connections = connections;
        this.resolvers = resolvers;
    }

    public TargetSpec target() {
        return target;
    }

    /** Base URL and the target's headers preset: {@code webClient().get().uri("/users/1")}. */
    public WebClient webClient() {
        return webClient;
    }

    /**
     * The guarded Reactor Netty client under the WebClient, with the same User-Agent and target headers but no base
     * URL: pass absolute URIs. For what WebClient hides: aborting a request mid-response, or reading only the status
     * of an endless stream ({@code .response()} closes the connection when its Mono ends).
     */
    public HttpClient httpClient() {
        return httpClient;
    }

    /** Closes every pooled connection to the target and waits briefly for that to happen. */
    @Override
    public void close() {
        try {
            connections.disposeLater().block(Duration.ofSeconds(5));
        } finally {
            resolvers.close(); // Reactor Netty leaves custom resolver groups to their owner
        }
    }
}
