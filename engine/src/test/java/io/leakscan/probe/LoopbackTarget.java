package io.leakscan.probe;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Reactor Netty server on 127.0.0.1 that counts what the probe does to it: requests and their arrival times,
 * requests in flight (and the most ever), connections opened and closed, and what each request carried. Routes:
 * {@code /ok}, {@code /slow/{ms}}, {@code /stream} (a chunk every 50 ms, forever), {@code /status/{code}},
 * {@code /reset} (closes the connection without answering), anything else 200. {@link #failWith} makes every
 * request answer a given status from then on.
 */
final class LoopbackTarget implements AutoCloseable {

    record Seen(String method, String uri, Map<String, String> headers, String body, long arrivedNanos) {
    }

    private final DisposableServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger closedConnections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Integer> failWith = new AtomicReference<>();
    private final AtomicInteger failFirst = new AtomicInteger();

    LoopbackTarget() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnConnection(connection -> {
                    openConnections.incrementAndGet();
                    connection.onDispose(() -> {
                        openConnections.decrementAndGet();
                        closedConnections.incrementAndGet();
                    });
                })
                .handle(this::handle)
                .bindNow();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    int port() {
        return server.port();
    }

    /** Every request from now on is answered with {@code status}. */
    void failWith(int status) {
        failWith.set(status);
    }

    /** The next {@code n} requests are answered 503, then the routes work again. */
    void fail503ForNext(int n) {
        failFirst.set(n);
    }

    int requests() {
        return requests.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    int openConnections() {
        return openConnections.get();
    }

    int closedConnections() {
        return closedConnections.get();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The most requests that arrived within any window of {@code window}. */
    int maxInAnyWindow(Duration window) {
        long[] times = seen.stream().mapToLong(Seen::arrivedNanos).sorted().toArray();
        int best = 0;
        int start = 0;
        for (int end = 0; end < times.length; end++) {
            while (times[end] - times[start] >= window.toNanos()) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        long arrived = System.nanoTime();
        requests.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        // Counted out before the response can reach the client: counted out after it (doFinally alone), a loaded
        // machine lets the client's next request arrive first and the server would see one request too many.
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.requestHeaders().forEach(e -> headers.put(e.getKey(), e.getValue()));
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    seen.add(new Seen(request.method().name(), request.uri(), headers, body, arrived));
                    return Mono.from(respond(request, response, release));
                })
                .doFinally(signal -> release.run());
    }

    private Publisher<Void> respond(HttpServerRequest request, HttpServerResponse response, Runnable release) {
        Integer failing = failWith.get();
        if (failing == null && failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failing = 503;
        }
        if (failing != null) {
            return response.status(failing).header("Retry-After", "0").sendString(Mono.just("failing"));
        }
        String path = URI.create(request.uri()).getPath();
        if (path.startsWith("/slow/")) {
            long ms = Long.parseLong(path.substring("/slow/".length()));
            return response.sendString(Mono.delay(Duration.ofMillis(ms)).doOnNext(t -> release.run()).thenReturn("slow"));
        }
        if (path.equals("/stream")) {
            Flux<String> chunks = Flux.interval(Duration.ofMillis(50)).map(i -> "data " + i + "\n");
            return response.header("Content-Type", "text/plain").sendString(chunks);
        }
        if (path.startsWith("/status/")) {
            return response.status(HttpResponseStatus.valueOf(Integer.parseInt(path.substring("/status/".length()))))
                    .sendString(Mono.just("status"));
        }
        if (path.equals("/reset")) {
            return response.withConnection(connection -> connection.channel().close()).then();
        }
        return response.sendString(Mono.just("ok"));
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

}
