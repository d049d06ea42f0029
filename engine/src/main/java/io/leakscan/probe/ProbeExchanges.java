package io.leakscan.probe;

import io.netty.channel.Channel;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One probe request as a {@code Mono} of its {@link RequestResult}: a plain exchange, or one cut after a delay. */
final class ProbeExchanges {

    private ProbeExchanges() {
    }

    static WebClient.RequestHeadersSpec<?> prepare(WebClient client, RequestTemplate.Request request) {
        return prepare(client, request, true);
    }

    static WebClient.RequestHeadersSpec<?> prepare(WebClient client, RequestTemplate.Request request,
                                                           boolean withHeaders) {
        WebClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(request.method()))
                .uri(request.uri());
        if (withHeaders) {
            spec = spec.headers(h -> request.headers().forEach(h::set));
        }
        if (request.contentType() != null) {
            spec = spec.header(HttpHeaders.CONTENT_TYPE, request.contentType());
        }
        return request.body() == null ? spec : spec.bodyValue(request.body());
    }

    /**
     * One request on a round's client, whose response body is read to the end and dropped; every failure becomes a
     * result. The template's headers travel with the client; the request's own go on it only when they differ (a
     * distinct key in a header). The timeouts are enforced by the round's sweeper, not a timer per request.
     */
    static Mono<RequestResult> exchange(WebClient client, RequestTemplate template,
                                                RequestTemplate.Request request, Runnable onHeaders) {
        long start = System.nanoTime(); // the round subscribes at once: this is when the request leaves
        return prepare(client, request, request.headers() != template.headers())
                .exchangeToMono(response -> {
                    onHeaders.run();
                    return response.releaseBody().then(Mono.fromSupplier(() -> response(response, start)));
                })
                .onErrorResume(error -> Mono.just(failed(error)));
    }

    /**
     * One request cut {@code abortAfter} after it was fully sent (not after it was started: on a busy machine the
     * connect alone can take longer, and cutting a request the handler never saw proves nothing) unless its response
     * completed first.
     */
    static Mono<RequestResult> abortingExchange(HttpClient abortClient, Duration requestTimeout,
                                                RequestTemplate.Request request, AbortPlan plan) {
        return Mono.defer(() -> {
            CompletableFuture<Channel> sent = new CompletableFuture<>();
            WebClient client = WebClient.builder()
                    .clientConnector(new ReactorClientHttpConnector(
                            abortClient.doAfterRequest((req, connection) -> sent.complete(connection.channel()))))
                    .build();
            long start = System.nanoTime();
            Mono<RequestResult> exchange = prepare(client, request)
                    .exchangeToMono(response -> response.bodyToFlux(DataBuffer.class)
                            .doOnNext(DataBufferUtils::release)
                            .then(Mono.fromSupplier(() -> response(response, start))))
                    .timeout(requestTimeout)
                    .onErrorResume(error -> Mono.just(failed(error)));
            Mono<Long> cutAt = Mono.fromFuture(sent, true).flatMap(channel -> Mono.delay(plan.abortAfter()));
            // The response did not complete in time: cut the connection and confirm the channel really closed.
            return exchange.timeout(cutAt, Mono.defer(() -> closeAndConfirm(sent, plan.confirmTimeout())));
        });
    }

    static Mono<RequestResult> closeAndConfirm(CompletableFuture<Channel> pending, Duration confirmTimeout) {
        Channel channel = pending.getNow(null);
        if (channel == null) {
            // Still connecting: cancelling the exchange drops the connect; there is no open connection to confirm.
            return Mono.just(new RequestResult.Aborted(false));
        }
        return Mono.<RequestResult>create(sink -> channel.close().addListener(
                        done -> sink.success(new RequestResult.Aborted(!channel.isOpen()))))
                .timeout(confirmTimeout, Mono.just(new RequestResult.Aborted(false)));
    }

    static RequestResult response(ClientResponse response, long startNanos) {
        int status = response.statusCode().value();
        // Retry-After only matters on the distress statuses; reading headers costs on every request otherwise.
        Duration retryAfter = status == 429 || status == 503
                ? retryAfter(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER)) : null;
        return new RequestResult.Response(status, System.nanoTime() - startNanos, retryAfter);
    }

    static RequestResult failed(Throwable error) {
        return new RequestResult.Failed(ErrorClassifier.classify(error), ErrorClassifier.describe(error));
    }

    /** Retry-After in delta-seconds; the HTTP-date form is ignored (the policy's pause applies). */
    static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
