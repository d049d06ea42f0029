package io.leakscan.target;

import io.leakscan.target.EchoFingerprinter.Observed;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Preflight over HTTP: validate the base URL (and a separate telemetry URL), resolve and authorize their hosts, GET the
 * base URL, then fingerprint Echo
 * with two harmless requests:
 * <ol>
 * <li>{@code GET <base>/__leakscan_probe_<random>}: a path no app routes, so Echo answers its default 404;</li>
 * <li>{@code TRACE <base>} when the base URL answered anything but 404 (so a route exists there), else TRACE on the
 * first of {@link #ROUTE_CANDIDATES} that is routed: Echo answers its default 405 with an {@code Allow} header. TRACE
 * rather than DELETE or PATCH because no Echo app registers it, so it cannot change the target's state.</li>
 * </ol>
 * Every request goes through a {@link TargetClient}, so the address is checked again at connect time. Failures come
 * back as {@link PreflightResult.Failed} with a precise {@link FailureCode}; a target that answers but is not Echo
 * passes with {@code echo=false}.
 */
public final class HttpPreflight implements Preflight {

    static final String PROBE_PREFIX = "__leakscan_probe_";
    /**
     * Where to look for a route when the base URL itself is not one (Echo apps rarely route /): the health and
     * telemetry paths Echo services commonly register. Only TRACE is sent there.
     */
    static final List<String> ROUTE_CANDIDATES = List.of("/healthz", "/health", "/ping", "/status", "/metrics",
            "/debug/pprof/");

    private final AddressGuard guard;
    private final Clock clock;
    private final TargetClientOptions options;

    public HttpPreflight(TargetPolicy policy, Clock clock, TargetClientOptions options) {
        this(new AddressGuard(policy), clock, options);
    }

    public HttpPreflight(AddressGuard guard, Clock clock, TargetClientOptions options) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public PreflightResult check(TargetSpec target) {
        URI base;
        try {
            base = TargetUrls.validate(target.baseUrl());
        } catch (TargetUrls.InvalidTargetUrlException e) {
            return new PreflightResult.Failed(FailureCode.TARGET_NOT_ALLOWED, e.getMessage());
        }
        String where = TargetUrls.hostPort(base);
        PreflightResult.Failed refused = authorize(TargetUrls.host(base), where);
        if (refused != null) {
            return refused;
        }
        if (target.separateTelemetry()) {
            // a second host the scan reaches: the same rules, checked before any load is sent
            PreflightResult.Failed telemetry = authorizeTelemetry(target.telemetryBaseUrl());
            if (telemetry != null) {
                return telemetry;
            }
        }
        try (TargetClient client = TargetHttpClients.open(target, guard, options)) {
            List<String> evidence = new ArrayList<>();
            Instant started = clock.instant();
            Observed root = statusOnly(client, base);
            evidence.add("GET " + base + " -> " + root.status() + " in "
                    + Duration.between(started, clock.instant()).toMillis() + " ms"
                    + (root.status() / 100 == 3 ? " (redirect not followed)" : ""));

            // at the root first: under a routed base path a param or wildcard route may swallow the probe path
            // (Echo routes GET /items/7/__leakscan_probe_x to /items/:id); under the base path second, for apps
            // mounted below a prefix by a reverse proxy
            String probeName = PROBE_PREFIX + randomSuffix();
            Observed notFound = probe(client, HttpMethod.GET, base.resolve("/" + probeName), where);
            if (!EchoFingerprinter.isDefaultNotFound(notFound) && !isRoot(base)) {
                Observed underBase = probe(client, HttpMethod.GET, child(base, probeName), where);
                if (EchoFingerprinter.isDefaultNotFound(underBase)) {
                    notFound = underBase;
                }
            }
            Observed methodNotAllowed = null;
            if (root.status() != 404) {
                methodNotAllowed = probe(client, HttpMethod.TRACE, base, where);
            } else {
                for (String path : ROUTE_CANDIDATES) {
                    Observed o = probe(client, HttpMethod.TRACE, base.resolve(path), where);
                    if (o.status() != 404) { // routed, or failed: either way stop knocking
                        methodNotAllowed = o;
                        break;
                    }
                }
            }
            EchoFingerprint fp = EchoFingerprinter.classify(notFound, methodNotAllowed);
            evidence.addAll(fp.evidence());
            return new PreflightResult.Passed(new EchoFingerprint(fp.echo(), fp.majorVersion(), fp.confidence(),
                    evidence));
        } catch (RuntimeException e) {
            TargetFailure failure = TargetFailure.classify(e, where, options);
            return new PreflightResult.Failed(failure.code(), failure.message());
        }
    }

    /** Null when allowed; the resolver call runs off-thread so a hanging DNS server cannot stall the worker. */
    private PreflightResult.Failed authorizeTelemetry(URI url) {
        URI telemetry;
        try {
            telemetry = TargetUrls.validate(url);
        } catch (TargetUrls.InvalidTargetUrlException e) {
            return new PreflightResult.Failed(FailureCode.TARGET_NOT_ALLOWED, "telemetry URL: " + e.getMessage());
        }
        PreflightResult.Failed refused = authorize(TargetUrls.host(telemetry), TargetUrls.hostPort(telemetry));
        return refused == null ? null
                : new PreflightResult.Failed(refused.code(), "telemetry URL: " + refused.message());
    }

    private PreflightResult.Failed authorize(String host, String where) {
        if (IpLiterals.parse(host).isPresent()) {
            try {
                guard.authorize(host); // a literal: nothing to look up, nothing to wait for
                return null;
            } catch (TargetNotAllowedException | UnknownHostException e) {
                TargetFailure failure = TargetFailure.classify(e, where, options);
                return new PreflightResult.Failed(failure.code(), failure.message());
            }
        }
        CompletableFuture<List<InetAddress>> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return guard.authorize(host);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        });
        try {
            lookup.get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            lookup.cancel(true);
            return new PreflightResult.Failed(FailureCode.DNS_FAILURE, "DNS lookup of " + host + " did not answer within "
                    + options.connectTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            TargetFailure failure = TargetFailure.classify(e.getCause(), where, options);
            return new PreflightResult.Failed(failure.code(), failure.message());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PreflightResult.Failed(FailureCode.TARGET_ERROR, "preflight of " + where + " was interrupted");
        }
    }

    /**
     * GET the base URL for its status only, closing the connection at the headers: the base URL may be an endless
     * stream (SSE) and WebClient would drain it before letting go.
     */
    private Observed statusOnly(TargetClient client, URI uri) {
        return client.httpClient().get().uri(uri).response()
                .map(response -> new Observed("GET " + uri, response.status().code(),
                        response.responseHeaders().get(HttpHeaders.CONTENT_TYPE),
                        response.responseHeaders().get(HttpHeaders.ALLOW), ""))
                .timeout(options.connectTimeout().plus(options.responseTimeout()))
                .block();
    }

    /**
     * A fingerprint request. The target already answered the base URL, so a failure here (a stuck 404 handler, a
     * TRACE that streams) is evidence against the fingerprint, not a reason to fail the scan.
     */
    private Observed probe(TargetClient client, HttpMethod method, URI uri, String where) {
        String request = method.name() + " " + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
                : uri.getRawPath());
        try {
            return exchange(client, method, uri, request);
        } catch (RuntimeException e) {
            return Observed.failed(request, TargetFailure.classify(e, where, options).message());
        }
    }

    private Observed exchange(TargetClient client, HttpMethod method, URI uri, String request) {
        return client.webClient().method(method).uri(uri)
                .exchangeToMono(response -> {
                    HttpHeaders headers = response.headers().asHttpHeaders();
                    int status = response.statusCode().value();
                    String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
                    String allow = headers.getFirst(HttpHeaders.ALLOW);
                    return response.bodyToMono(String.class)
                            .onErrorResume(DataBufferLimitException.class,
                                    e -> Mono.just("(body larger than " + options.maxResponseBytes() + " bytes)"))
                            .defaultIfEmpty("").map(b -> new Observed(request, status, contentType, allow, b));
                })
                // the response timeout covers the headers; this bounds the whole exchange, body included
                .timeout(options.connectTimeout().plus(options.responseTimeout()))
                .block();
    }

    private static boolean isRoot(URI base) {
        return base.getRawPath() == null || base.getRawPath().isEmpty() || base.getRawPath().equals("/");
    }

    /** {@code http://h/api} + {@code x} -> {@code http://h/api/x}; the base query is dropped. */
    static URI child(URI base, String segment) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        String joined = (path.endsWith("/") ? path : path + "/") + segment;
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + joined);
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
