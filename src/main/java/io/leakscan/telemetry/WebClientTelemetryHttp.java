package io.leakscan.telemetry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@link TelemetryHttp} on a Spring WebClient. The body is joined with a byte cap while it streams in, so an endless
 * or huge response is cut at the cap instead of being buffered. Pass the guarded client from the target package.
 */
public final class WebClientTelemetryHttp implements TelemetryHttp {

    private final WebClient client;
    private final URI base;

    public WebClientTelemetryHttp(WebClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    @Override
    public CompletableFuture<Response> get(String pathAndQuery, Duration timeout, long maxBytes) {
        URI uri = base.resolve(pathAndQuery);
        int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        return client.get().uri(uri)
                .exchangeToMono(resp -> {
                    int status = resp.statusCode().value();
                    String type = resp.headers().contentType().map(Object::toString).orElse(null);
                    return DataBufferUtils.join(resp.bodyToFlux(DataBuffer.class), cap)
                            .map(buf -> {
                                byte[] b = new byte[buf.readableByteCount()];
                                buf.read(b);
                                DataBufferUtils.release(buf);
                                return new Response(status, type, b);
                            })
                            .defaultIfEmpty(new Response(status, type, new byte[0]));
                })
                .onErrorMap(DataBufferLimitException.class, e -> new BodyTooLargeException(cap))
                .timeout(timeout)
                .toFuture();
    }

    @Override
    public String toString() {
        return "WebClientTelemetryHttp[" + base + "]";
    }
}
