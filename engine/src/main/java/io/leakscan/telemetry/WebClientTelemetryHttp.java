package io.leakscan.telemetry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@link TelemetryHttp} on a Spring WebClient. Each body is collected by a {@link BodyBuffer} while it streams in:
 * cut at the cap (at once when Content-Length already says it is too long) and counted against the scan's
 * {@link TelemetryBudget}, so an endless, huge or slow body costs one failed read, not the service's memory. Pass the
 * guarded client from the target package.
 */
public final class WebClientTelemetryHttp implements TelemetryHttp {

    private final WebClient client;
    private final URI base;
    private final TelemetryBudget budget;

    public WebClientTelemetryHttp(WebClient client, URI base, TelemetryBudget budget) {
        this.client = client;
        this.base = base;
        this.budget = budget;
    }

    /** With a budget of its own of {@link TelemetryBudget#DEFAULT_BYTES}: make one per scan. */
    public WebClientTelemetryHttp(WebClient client, URI base) {
        this(client, base, new TelemetryBudget(TelemetryBudget.DEFAULT_BYTES));
    }

    public TelemetryBudget budget() {
        return budget;
    }

    @Override
    public CompletableFuture<Response> get(String pathAndQuery, Duration timeout, long maxBytes) {
        URI uri = base.resolve(pathAndQuery);
        CompletableFuture<Response> out = new CompletableFuture<>();
        Disposable exchange = client.get().uri(uri)
                .exchangeToMono(resp -> {
                    int status = resp.statusCode().value();
                    String type = resp.headers().contentType().map(Object::toString).orElse(null);
                    BodyBuffer body = new BodyBuffer(maxBytes, budget, resp.headers().contentLength().orElse(-1));
                    return resp.bodyToFlux(DataBuffer.class)
                            .doOnNext(body::append)
                            .then(Mono.fromSupplier(() -> new Response(status, type, body.body(), body::release)))
                            .doOnError(e -> body.release())
                            .doOnCancel(body::release);
                })
                .timeout(timeout)
                .subscribe(r -> {
                    if (!out.complete(r)) {
                        r.release(); // the caller gave up (timeout, cancel) just before the body was complete
                    }
                }, out::completeExceptionally);
        out.whenComplete((r, e) -> {
            if (e != null) {
                exchange.dispose(); // cancelled or timed out by the caller: stop reading
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "WebClientTelemetryHttp[" + base + "]";
    }
}
