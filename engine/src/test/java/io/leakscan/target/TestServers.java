package io.leakscan.target;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leakscan.target.EchoFingerprinter.Observed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** Loopback-only servers for the network tests. */
final class TestServers {

    private TestServers() {
    }

    /** One request a {@link Replay} server received. */
    record Received(String method, String path, String authorization, String userAgent) {
    }

    /**
     * A JDK HttpServer on 127.0.0.1 answering like a captured server: {@code GET} on a path in {@code routes} gets
     * the -200 fixture (or {@code rootStatus} when not 200), any other method there the -405 fixture, any other path
     * the -404 fixture; {@code /redirect} sends a 302 to {@code redirectTo}, {@code /events} streams endlessly.
     */
    static final class Replay implements AutoCloseable {
        final HttpServer server;
        final List<Received> received = new CopyOnWriteArrayList<>();
        volatile URI redirectTo = URI.create("http://127.0.0.1:9/");
        volatile int rootStatus = 200;
        /** Paths with a GET route; the others answer the 404 fixture. */
        volatile Set<String> routes = Set.of("/");
        /** When set, unrouted paths outside this prefix get a proxy's plain-text 404 instead of the fixture. */
        volatile String notFoundOutside;
        /** Never answer a request for an unrouted path (a stuck 404 handler). */
        volatile boolean hangOnUnknownPaths;
        private final CountDownLatch stopped = new CountDownLatch(1);

        Replay(String fixturePrefix) {
            try {
                Observed ok = EchoFingerprinterTest.fixture(fixturePrefix + "-200.http", "GET /");
                Observed notFound = EchoFingerprinterTest.fixture(fixturePrefix + "-404.http", "GET /x");
                Observed notAllowed = EchoFingerprinterTest.fixture(fixturePrefix + "-405.http", "TRACE /");
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                server.createContext("/", exchange -> {
                    String path = exchange.getRequestURI().getRawPath();
                    String method = exchange.getRequestMethod();
                    received.add(new Received(method, path, exchange.getRequestHeaders().getFirst("Authorization"),
                            exchange.getRequestHeaders().getFirst("User-Agent")));
                    if (path.equals("/redirect")) {
                        exchange.getResponseHeaders().set("Location", redirectTo.toString());
                        send(exchange, new Observed("", 302, null, null, ""));
                    } else if (path.equals("/events") && method.equals("GET")) {
                        streamUntilStopped(exchange);
                    } else if (!routes.contains(path) && !path.equals("/events")) {
                        if (hangOnUnknownPaths) {
                            awaitStop();
                        }
                        String prefix = notFoundOutside;
                        send(exchange, prefix != null && !path.startsWith(prefix)
                                ? new Observed("", 404, "text/html", null, "<html>nginx 404</html>") : notFound);
                    } else if (!method.equals("GET")) {
                        send(exchange, notAllowed);
                    } else if (rootStatus != 200) {
                        send(exchange, new Observed("", rootStatus, "text/plain", null, "boom"));
                    } else {
                        send(exchange, ok);
                    }
                });
                server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // /events blocks its handler
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@code http://127.0.0.1:<port>} */
        URI url() {
            return URI.create("http://127.0.0.1:" + port());
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            stopped.countDown();
            server.stop(0);
        }

        /** An endless server-sent event stream: one event, then silence until the server stops. */
        private void streamUntilStopped(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("data: hello\n\n".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            awaitStop();
            exchange.close();
        }

        private void awaitStop() {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void send(HttpExchange exchange, Observed response) throws IOException {
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            if (response.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
            }
            if (response.allow() != null) {
                exchange.getResponseHeaders().set("Allow", response.allow());
            }
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }
    }

    /**
     * Accepts TCP connections and never writes a byte; with {@code closeAtOnce} it reads what arrives and hangs up,
     * first writing {@code reply} if not null (Go's net/http answers a TLS ClientHello with a plain 400 this way).
     */
    static final class Silent implements AutoCloseable {
        final ServerSocket socket;
        final List<Socket> held = new CopyOnWriteArrayList<>();

        Silent(boolean closeAtOnce) {
            this(closeAtOnce, null);
        }

        Silent(boolean closeAtOnce, String reply) {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        if (closeAtOnce) {
                            s.getInputStream().read(new byte[1024]); // read the request, then hang up
                            if (reply != null) {
                                s.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
                                s.getOutputStream().flush();
                            }
                            s.close();
                        } else {
                            held.add(s);
                        }
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
