package io.leakscan.target;

import io.netty.channel.ChannelOption;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the clients every package uses for target traffic (preflight, probes, telemetry). One rule holds for all of
 * them: connections go only to addresses {@link AddressGuard} permits, checked when each connection is made, and
 * redirects are never followed (a 3xx comes back to the caller as is).
 */
public final class TargetHttpClients {

    public static final String USER_AGENT = "Leakscan/0.1 (+https://github.com/leakscan)";
    private static final AtomicLong POOLS = new AtomicLong();

    private TargetHttpClients() {
    }

    /** A client for {@code target} under {@code policy}, resolving with the system resolver. */
    public static TargetClient open(TargetSpec target, TargetPolicy policy, TargetClientOptions options) {
        return open(target, new AddressGuard(policy), options);
    }

    /**
     * A client for {@code target}: base URL set to the target's, its headers sent on every request (after the
     * User-Agent, so a target header can override it), connect and response timeouts and a pool of at most
     * {@code options.maxConnections()} connections.
     *
     * @throws TargetUrls.InvalidTargetUrlException when the base URL is not an acceptable target URL
     */
    public static TargetClient open(TargetSpec target, AddressGuard guard, TargetClientOptions options) {
        URI base = TargetUrls.validate(target.baseUrl());
        ConnectionProvider connections = ConnectionProvider.builder("leakscan-target-" + POOLS.incrementAndGet())
                .maxConnections(options.maxConnections())
                .pendingAcquireTimeout(options.connectTimeout().plus(options.responseTimeout()))
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        GuardedAddressResolverGroup resolvers = new GuardedAddressResolverGroup(guard);
        HttpClient http = httpClient(resolvers, options, connections, "https".equalsIgnoreCase(base.getScheme()));
        WebClient web = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .baseUrl(base.toString())
                .defaultHeaders(headers -> {
                    headers.set(HttpHeaders.USER_AGENT, USER_AGENT);
                    target.headers().forEach(headers::set);
                })
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(options.maxResponseBytes()))
                .build();
        // the raw client carries the same headers; the WebClient sets its own per request, so it gets the bare one
        HttpClient rawWithHeaders = http.headers(headers -> {
            headers.set(HttpHeaders.USER_AGENT, USER_AGENT);
            target.headers().forEach(headers::set);
        });
        return new TargetClient(target, web, rawWithHeaders, connections, resolvers);
    }

    private static HttpClient httpClient(GuardedAddressResolverGroup resolvers, TargetClientOptions options,
                                         ConnectionProvider connections, boolean tls) {
        HttpClient http = HttpClient.create(connections)
                .resolver(resolvers)
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .responseTimeout(options.responseTimeout());
        if (tls) {
            // the default handshake timeout is 10 s whatever the connect timeout says
            http = http.secure(ssl -> ssl.sslContext(Http11SslContextSpec.forClient())
                    .handshakeTimeout(options.connectTimeout()));
        }
        return http;
    }
}
