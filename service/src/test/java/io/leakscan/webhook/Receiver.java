package io.leakscan.webhook;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real webhook receiver on 127.0.0.1: records every request and answers from a script (then a default), e.g.
 * 500, 500, "answer 503 after 3 s", then 200.
 */
final class Receiver implements AutoCloseable {

    /** One answer: status code, after a delay. */
    record Answer(int status, Duration delay, String body, String location) {
        static Answer of(int status) {
            return new Answer(status, Duration.ZERO, status < 300 ? "ok" : "nope", null);
        }

        static Answer after(Duration delay, int status) {
            return new Answer(status, delay, "late", null);
        }

        static Answer withBody(int status, String body) {
            return new Answer(status, Duration.ZERO, body, null);
        }

        static Answer redirect(String location) {
            return new Answer(302, Duration.ZERO, "moved", location);
        }
    }

    /** One request as it arrived, and what it was answered. */
    record Received(Instant at, String path, Map<String, List<String>> headers, byte[] body, int answered) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Answer> fallback = new AtomicReference<>(Answer.of(200));
    final List<Received> received = new CopyOnWriteArrayList<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Answer answer = script.poll();
            if (answer == null) {
                answer = fallback.get();
            }
            received.add(new Received(Instant.now(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body, answer.status()));
            try {
                if (!answer.delay().isZero()) {
                    Thread.sleep(answer.delay());
                }
                byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
                if (answer.location() != null) {
                    exchange.getResponseHeaders().set("Location", answer.location());
                }
                exchange.sendResponseHeaders(answer.status(), out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the sender gave up (timeout) and closed the connection
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    Receiver answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    Receiver otherwise(Answer answer) {
        fallback.set(answer);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> forScan(String scanId) {
        return received.stream().filter(r -> r.bodyText().contains("\"id\":\"" + scanId + "\"")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
