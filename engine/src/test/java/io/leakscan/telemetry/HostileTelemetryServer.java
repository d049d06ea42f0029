package io.leakscan.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback telemetry endpoint that attacks its reader, one attack per path. Large bodies are generated while they
 * are sent, never stored; {@link #bytesSent()} tells how much a client actually pulled before it hung up.
 */
final class HostileTelemetryServer implements AutoCloseable {

    static final long HUGE = 500_000_000L;
    static final int MILLION = 1_000_000;

    private final HttpServer server;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong sent = new AtomicLong();
    private final byte[] gzipBomb = gzipBomb();

    HostileTelemetryServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.setExecutor(pool);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    long bytesSent() {
        return sent.get();
    }

    private void serve(HttpExchange ex) {
        try (ex; OutputStream out = ex.getResponseBody()) {
            switch (ex.getRequestURI().getPath()) {
                // 500 MB of a valid-looking Prometheus exposition, chunked: no length to refuse it by
                case "/huge-chunked" -> repeat(ex, out, 0, "go_goroutines 7\n".getBytes(StandardCharsets.US_ASCII), HUGE);
                // the same, announced with its length
                case "/huge-declared" -> repeat(ex, out, HUGE, "go_goroutines 7\n".getBytes(StandardCharsets.US_ASCII), HUGE);
                // 1 GiB of zeros in 1 MiB of gzip (64 members of 16 MiB each), where a binary profile is expected
                case "/gzip-bomb" -> {
                    ex.sendResponseHeaders(200, gzipBomb.length);
                    write(out, gzipBomb, gzipBomb.length);
                }
                // one byte a second of a goroutine profile
                case "/drip" -> {
                    ex.sendResponseHeaders(200, 0);
                    for (byte b : "goroutine profile: total 1\n".getBytes(StandardCharsets.US_ASCII)) {
                        write(out, new byte[]{b}, 1);
                        out.flush();
                        if (closing.await(1, TimeUnit.SECONDS)) {
                            return;
                        }
                    }
                }
                case "/garbage" -> {
                    byte[] junk = new byte[64 * 1024];
                    new Random(17).nextBytes(junk);
                    junk[0] = 'x'; // not gzip, not JSON, not HTML: the reader has to try a text parser on it
                    ex.sendResponseHeaders(200, junk.length);
                    write(out, junk, junk.length);
                }
                // a debug=2 dump of a million goroutines (~150 MB), generated while it is sent
                case "/million-debug2" -> {
                    ex.sendResponseHeaders(200, 0);
                    for (int i = 1; i <= MILLION; i++) {
                        byte[] g = ("goroutine " + i + " [chan receive, 5 minutes]:\nmain.leak()\n\t/app/main.go:42 +0x1d\n"
                                + "created by main.handler in goroutine 1\n\t/app/main.go:40 +0x2e\n\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        write(out, g, g.length);
                    }
                }
                // a debug=1 header claiming a million goroutines over a body that lists three
                case "/million-claim" -> {
                    byte[] b = ("goroutine profile: total 1000000\n3 @ 0x1 0x2\n#\t0x1\tmain.leak+0x1\t/app/main.go:42\n\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    ex.sendResponseHeaders(200, b.length);
                    write(out, b, b.length);
                }
                default -> ex.sendResponseHeaders(404, -1);
            }
        } catch (IOException e) {
            // the reader hung up: what it refuses to read is the point
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void repeat(HttpExchange ex, OutputStream out, long declared, byte[] unit, long total) throws IOException {
        ex.sendResponseHeaders(200, declared);
        byte[] block = new byte[64 * 1024 / unit.length * unit.length];
        for (int i = 0; i < block.length; i += unit.length) {
            System.arraycopy(unit, 0, block, i, unit.length);
        }
        for (long left = total; left > 0; left -= block.length) {
            write(out, block, (int) Math.min(block.length, left));
        }
    }

    private void write(OutputStream out, byte[] b, int n) throws IOException {
        out.write(b, 0, n);
        sent.addAndGet(n);
    }

    private static byte[] gzipBomb() {
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(member)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 16; i++) {
                gz.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] one = member.toByteArray();
        byte[] bomb = Arrays.copyOf(one, one.length * 64);
        for (int i = 1; i < 64; i++) {
            System.arraycopy(one, 0, bomb, i * one.length, one.length);
        }
        return bomb;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
