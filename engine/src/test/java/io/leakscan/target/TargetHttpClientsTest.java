package io.leakscan.target;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetHttpClientsTest {

    private static final TargetClientOptions OPTIONS = TargetClientOptions.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).withMaxConnections(2);
    private static final TargetPolicy NO_LOOPBACK = new TargetPolicy(false, List.of(), List.of());

    private final TestServers.Replay echo = new TestServers.Replay("v5.4.4");

    @AfterEach
    void stop() {
        echo.close();
    }

    private static ResponseEntity<String> get(TargetClient client, String path) {
        return client.webClient().get().uri(path).retrieve()
                .onStatus(s -> true, r -> Mono.empty())
                .toEntity(String.class).block(Duration.ofSeconds(10));
    }

    @Test
    void talksToAnAllowedLoopbackTargetWithItsHeaders() {
        TargetSpec spec = new TargetSpec(echo.url(), Map.of("Authorization", "Bearer target-secret"));
        try (TargetClient client = TargetHttpClients.open(spec, TargetPolicy.loopbackOnly(), OPTIONS)) {
            ResponseEntity<String> response = get(client, "/");
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(response.getBody()).isEqualTo("ok");
            assertThat(client.target()).isEqualTo(spec);
        }
        assertThat(echo.received).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/");
            assertThat(r.authorization()).isEqualTo("Bearer target-secret");
            assertThat(r.userAgent()).isEqualTo(TargetHttpClients.USER_AGENT);
        });
    }

    @Test
    void refusesLocalhostAtConnectTimeWhenLoopbackIsNotAllowed() {
        URI url = URI.create("http://localhost:" + echo.port() + "/");
        try (TargetClient client = TargetHttpClients.open(new TargetSpec(url, Map.of()), NO_LOOPBACK, OPTIONS)) {
            assertThatThrownBy(() -> get(client, "/"))
                    .isInstanceOf(WebClientRequestException.class)
                    .rootCause().isInstanceOf(TargetNotAllowedException.class)
                    .hasMessageContaining("localhost resolves to ")
                    .hasMessageContaining("a loopback address and loopback targets are not allowed");
        }
        assertThat(echo.received).as("no request may reach the server").isEmpty();
    }

    @Test
    void refusesIpLiteralsAtConnectTimeToo() {
        // Netty skips resolvers for addresses it already considers resolved; the guard must not be skipped
        for (String host : List.of("127.0.0.1", "[::1]")) {
            URI url = URI.create("http://" + host + ":" + echo.port() + "/");
            try (TargetClient client = TargetHttpClients.open(new TargetSpec(url, Map.of()), NO_LOOPBACK, OPTIONS)) {
                assertThatThrownBy(() -> get(client, "/")).as(host)
                        .rootCause().isInstanceOf(TargetNotAllowedException.class)
                        .hasMessageContaining("is a loopback address and loopback targets are not allowed");
            }
        }
        assertThat(echo.received).isEmpty();
    }

    @Test
    void aNameThatRebindsToMetadataIsRefusedAtConnect() {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByAddress(host, new byte[]{(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
        };
        AddressGuard guard = new AddressGuard(TargetPolicy.parse(true, List.of("rebind.test")), rebinding);
        URI url = URI.create("http://rebind.test:" + echo.port() + "/");
        try (TargetClient client = TargetHttpClients.open(new TargetSpec(url, Map.of()), guard, OPTIONS)) {
            assertThatThrownBy(() -> get(client, "/"))
                    .rootCause().isInstanceOf(TargetNotAllowedException.class)
                    .hasMessage("rebind.test resolves to 169.254.169.254, which is a link-local/cloud metadata "
                            + "address and is never scanned");
        }
        assertThat(lookups).hasValue(1);
    }

    @Test
    void connectsOnlyToThePermittedAddressesOfAName() {
        HostResolver mixed = host -> List.of(
                InetAddress.getByAddress(host, new byte[]{10, 0, 0, 1}), // not allowed: must be dropped, not tried
                InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1}));
        AddressGuard guard = new AddressGuard(TargetPolicy.loopbackOnly(), mixed);
        URI url = URI.create("http://app.test:" + echo.port() + "/");
        try (TargetClient client = TargetHttpClients.open(new TargetSpec(url, Map.of()), guard, OPTIONS)) {
            assertThat(get(client, "/").getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        assertThat(echo.received).hasSize(1);
    }

    @Test
    void neverFollowsRedirects() {
        try (TestServers.Replay elsewhere = new TestServers.Replay("v4.16.0")) {
            echo.redirectTo = URI.create(elsewhere.url() + "/");
            try (TargetClient client = TargetHttpClients.open(new TargetSpec(echo.url(), Map.of()),
                    TargetPolicy.loopbackOnly(), OPTIONS)) {
                ResponseEntity<String> response = get(client, "/redirect");
                assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FOUND);
                assertThat(response.getHeaders().getLocation()).isEqualTo(echo.redirectTo);
            }
            assertThat(elsewhere.received).isEmpty();
        }
    }

    @Test
    void theRawHttpClientIsGuardedAsWell() {
        try (TargetClient client = TargetHttpClients.open(new TargetSpec(echo.url(), Map.of()), NO_LOOPBACK,
                OPTIONS)) {
            assertThatThrownBy(() -> client.httpClient().get().uri(echo.url() + "/").response()
                    .block(Duration.ofSeconds(10)))
                    .isInstanceOf(TargetNotAllowedException.class);
        }
        try (TargetClient client = TargetHttpClients.open(new TargetSpec(echo.url(), Map.of()),
                TargetPolicy.loopbackOnly(), OPTIONS)) {
            Integer status = client.httpClient().get().uri(echo.url() + "/").response()
                    .map(r -> r.status().code()).block(Duration.ofSeconds(10));
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void closeHangsUpPooledKeepAliveConnections() throws Exception {
        // each idle keep-alive connection is a goroutine in a Go target: closing the client must really close them
        CountDownLatch hungUp = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    int n = in.read(buf); // the request (small enough for one read)
                    assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).startsWith("GET / HTTP/1.1");
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    if (in.read() == -1) { // keep-alive: the next byte is EOF only when the client hangs up
                        hungUp.countDown();
                    }
                } catch (IOException e) {
                    hungUp.countDown(); // reset by the client is a hang-up too
                }
            });
            URI url = URI.create("http://127.0.0.1:" + server.getLocalPort());
            TargetClient client = TargetHttpClients.open(new TargetSpec(url, Map.of()), TargetPolicy.loopbackOnly(),
                    OPTIONS);
            assertThat(get(client, "/").getBody()).isEqualTo("ok");
            assertThat(hungUp.getCount()).as("pooled, still open").isEqualTo(1);
            client.close();
            assertThat(hungUp.await(10, TimeUnit.SECONDS)).as("connection closed by close()").isTrue();
        }
    }

    @Test
    void badBaseUrlsAreRejectedBeforeAnyClientExists() {
        assertThatThrownBy(() -> TargetHttpClients.open(new TargetSpec(URI.create("file:///etc/passwd"), Map.of()),
                TargetPolicy.loopbackOnly(), OPTIONS))
                .isInstanceOf(TargetUrls.InvalidTargetUrlException.class)
                .hasMessageContaining("scheme 'file' is not allowed");
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> OPTIONS.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connectTimeout must be positive");
        assertThatThrownBy(() -> OPTIONS.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessageContaining("responseTimeout must be positive");
        assertThatThrownBy(() -> OPTIONS.withMaxConnections(0)).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> new TargetClientOptions(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0))
                .hasMessageContaining("maxResponseBytes");
    }
}
