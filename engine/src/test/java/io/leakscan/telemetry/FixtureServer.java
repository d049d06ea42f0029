package io.leakscan.telemetry;

import com.sun.net.httpserver.HttpServer;
import io.leakscan.telemetry.parse.Fixtures;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A loopback HTTP server answering with real captured Go bodies, by path and query. Unknown paths get Echo's real
 * 404 body. A route can be made to hang until the server closes, to play a stuck telemetry endpoint.
 */
final class FixtureServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); // hung routes hold one each
    private final Map<String, Supplier<byte[]>> routes = new ConcurrentHashMap<>();
    private final Set hanging = new Set();
    private final CountDownLatch closing = new CountDownLatch(1);
    final AtomicInteger requests = new AtomicInteger();

    static final class Set extends ConcurrentSkipListSet<String> {
    }

    FixtureServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] notFound = echoBody(Fixtures.text("echo4-404-response.txt"));
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            String key = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            try {
                if (hanging.contains(key)) {
                    closing.await(30, TimeUnit.SECONDS);
                }
                Supplier<byte[]> body = routes.get(key);
                byte[] b = body == null ? notFound : body.get();
                ex.sendResponseHeaders(body == null ? 404 : 200, b.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(b);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client went away (timeout, stop): nothing to do
            } finally {
                ex.close();
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    /** The body part of a captured raw HTTP response (headers, blank line, body). */
    static byte[] echoBody(String raw) {
        return raw.substring(raw.indexOf("\r\n\r\n") >= 0 ? raw.indexOf("\r\n\r\n") + 4 : raw.indexOf("\n\n") + 2)
                .getBytes(StandardCharsets.UTF_8);
    }

    FixtureServer route(String pathAndQuery, String fixture) {
        byte[] b = Fixtures.bytes(fixture);
        routes.put(pathAndQuery, () -> b);
        return this;
    }

    FixtureServer route(String pathAndQuery, Supplier<byte[]> body) {
        routes.put(pathAndQuery, body);
        return this;
    }

    /** The body a route answers with now. */
    byte[] body(String pathAndQuery) {
        return routes.get(pathAndQuery).get();
    }

    FixtureServer hang(String pathAndQuery) {
        hanging.add(pathAndQuery);
        return this;
    }

    void unhang(String pathAndQuery) {
        hanging.remove(pathAndQuery);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
