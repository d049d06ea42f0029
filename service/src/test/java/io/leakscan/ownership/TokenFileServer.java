package io.leakscan.ownership;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A web server on loopback that serves what a tenant published at the verification's well-known path: the HTTP
 * method's side of the tests, as {@link LoopbackDns} is the DNS method's. Nothing published answers 404.
 */
public final class TokenFileServer implements AutoCloseable {

    private final HttpServer server;
    private volatile String published;

    public TokenFileServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(OwnershipCheck.WELL_KNOWN, exchange -> {
            String body = published;
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** The file's content from now on; null takes it down (404). */
    public void publish(String content) {
        published = content;
    }

    /** The origin it serves, {@code http://127.0.0.1:PORT}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
