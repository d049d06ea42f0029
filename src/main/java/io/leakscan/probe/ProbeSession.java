package io.leakscan.probe;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.CoreSubscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Map;

/**
 * One scan's traffic to one target, under one set of {@link ProbeLimits}. Rounds run one at a time on the calling
 * thread (a dispatcher loop that paces, bounds concurrency and spends the budget) while responses complete on Netty's
 * event loops. The limits, the token bucket, the budget, the deadline and the distress state belong to the session,
 * so no sequence of rounds can exceed them.
 *
 * <p>Once the session stops (cancel, deadline, budget, target distress) every later round returns
 * {@link RoundOutcome.Stopped} at once without sending anything.
 */
public final class ProbeSession implements AutoCloseable {

    /** How often a waiting dispatcher looks at cancel, deadline and distress: well inside the 1 s cancel promise. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final TargetSpec target;
    private final ProbeLimits limits;
    private final ClientSettings settings;
    private final CancellationToken cancellation;
    private final Clock clock;
    private final Instant deadline;
    private final DistressMonitor distress;
    private final TokenBucket bucket;
    private final AtomicLong budget;
    private final AtomicLong keyCounter = new AtomicLong();
    private final ReentrantLock roundLock = new ReentrantLock();
    private final Set<Disposable> live = ConcurrentHashMap.newKeySet();
    private final ChannelGroup channels = new DefaultChannelGroup("leakscan-probe", GlobalEventExecutor.INSTANCE);
    private final ConnectionProvider pool;
    private final HttpClient pooledClient;
    private final HttpClient abortClient;
    private final Runnable unregisterCancel;
    private volatile ProbeStopped stopped;
    private volatile boolean closed;
    private volatile boolean closing;

    ProbeSession(TargetSpec target, ProbeLimits limits, DistressPolicy distressPolicy, ClientSettings settings,
                 ProbeHttpClientFactory clients, CancellationToken cancellation, Clock clock) {
        this.target = target;
        this.limits = limits;
        this.settings = settings;
        this.cancellation = cancellation;
        this.clock = clock;
        this.deadline = clock.instant().plus(limits.maxDuration());
        this.distress = new DistressMonitor(distressPolicy, clock);
        this.bucket = new TokenBucket(clock, limits.maxRequestsPerSecond());
        this.budget = new AtomicLong(limits.maxTotalRequests());
        // The pool holds exactly as many connections as requests may be in flight: the probe never queues on it.
        this.pool = ConnectionProvider.builder("leakscan-probe")
                .maxConnections(limits.maxConcurrency())
                .pendingAcquireMaxCount(limits.maxConcurrency() * 2)
                .pendingAcquireTimeout(settings.requestTimeout())
                .maxIdleTime(Duration.ofSeconds(10))
                .build();
        // No per-request response timeout on the pooled client (a read-timeout handler and a timer for every request):
        // each round's sweeper enforces both the response and the whole-request timeout instead.
        this.pooledClient = configure(clients.create(pool));
        // Aborts get a fresh connection each, so closing one cuts exactly that request and nothing pooled.
        this.abortClient = configure(clients.create(ConnectionProvider.newConnection()))
                .responseTimeout(settings.responseTimeout());
        this.unregisterCancel = cancellation.onCancel(reason -> interruptAll());
    }

    private HttpClient configure(HttpClient client) {
        return client
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .followRedirect(false)
                .disableRetry(true) // Reactor Netty otherwise resends once on a reused connection that was closed
                .compress(false)
                .doOnChannelInit((observer, channel, remoteAddress) -> channels.add(channel)); // once per connection, not
                // a connection observer that every request's state changes would run through
    }

    /** The limits in force: the requested ones clamped to the server maxima. */
    public ProbeLimits limits() {
        return limits;
    }

    /** Why the session stopped, if it has. */
    public Optional<ProbeStopped> stopped() {
        return Optional.ofNullable(stopped);
    }

    /** Requests this session may still start. */
    public long remainingBudget() {
        return Math.max(0, budget.get());
    }

    /** Requests started so far. */
    public long requestsSent() {
        return limits.maxTotalRequests() - remainingBudget();
    }

    /** Stops all traffic: in-flight requests are disposed and their connections closed; later rounds send nothing. */
    public void cancel(String reason) {
        cancellation.cancel(reason);
    }

    /** A load round: {@code plan.requests()} plain requests to {@code endpoint}. */
    public RoundOutcome load(Endpoint endpoint, LoadPlan plan) {
        RequestTemplate template = new RequestTemplate(target, endpoint);
        RequestTemplate.Request request = template.plain();
        WebClient client = roundClient(template);
        return run(endpoint, TrafficKind.LOAD, null, plan.requests(), plan.concurrency(), plan.requestsPerSecond(), 0, true,
                onHeaders -> exchange(client, template, request, onHeaders));
    }

    /**
     * A WebClient on the session's pool that sends the template's headers itself (Reactor Netty copies them into each
     * request's Netty headers), so Spring's header maps stay empty for every request that adds no header of its own.
     */
    private WebClient roundClient(RequestTemplate template) {
        Map<String, String> headers = template.headers();
        return WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(pooledClient.headers(h -> headers.forEach(h::set))))
                .build();
    }

    /**
     * An abort round: every request is cut {@code plan.abortAfter()} after it was sent unless its response completed
     * first, by closing its connection, and the close is confirmed on the channel.
     */
    public RoundOutcome abort(Endpoint endpoint, AbortPlan plan) {
        RequestTemplate.Request request = new RequestTemplate(target, endpoint).plain();
        return run(endpoint, TrafficKind.ABORT, null, plan.requests(), plan.concurrency(), plan.requestsPerSecond(), 0, false,
                onHeaders -> abortingExchange(request, plan));
    }

    /**
     * One key-cardinality round: with {@code distinct}, every request carries a key never sent before in this session;
     * without, every request carries the same key (the control).
     */
    public RoundOutcome keyRound(Endpoint endpoint, KeyPlan plan, boolean distinct) {
        RequestTemplate template = new RequestTemplate(target, endpoint);
        WebClient client = roundClient(template);
        if (!distinct) {
            // The control key sits at the far end of the range, apart from the distinct keys counted from the start.
            RequestTemplate.Request request = template.keyed(plan.placement(), RequestTemplate.KEY_RANGE_SIZE - 3);
            return run(endpoint, TrafficKind.REPEATED_KEY, plan.placement(), plan.requests(), plan.concurrency(),
                    plan.requestsPerSecond(), 1, true, onHeaders -> exchange(client, template, request, onHeaders));
        }
        return run(endpoint, TrafficKind.DISTINCT_KEY, plan.placement(), plan.requests(), plan.concurrency(), plan.requestsPerSecond(),
                -1, true, onHeaders -> exchange(client, template,
                        template.keyed(plan.placement(), keyCounter.getAndIncrement()), onHeaders));
    }

    // ---------------------------------------------------------------------------------------------------- dispatcher

    /** Sends one request of a round; {@code onHeaders} is to be run when its response headers arrive. */
    @FunctionalInterface
    private interface Sender {
        Mono<RequestResult> send(Runnable onHeaders);
    }

    /**
     * Runs one round as {@code concurrency} self-clocking lanes: each lane has at most one request in flight and sends
     * its next one straight from the previous one's completion, on the event loop, so no single thread has to wake per
     * request (a dispatcher thread would cap throughput on a busy machine). Before each send a lane takes a slot from
     * the session's token bucket (waiting out the distress pause too, on a timer, never blocking the loop), then
     * spends one unit of budget. The calling thread only waits, watching cancel, deadline and distress.
     * {@code distinctKeys} of -1 means "one per request sent". With {@code responseDeadline} the round's sweeper also
     * cuts a request whose response headers have not arrived within the response timeout.
     */
    private RoundOutcome run(Endpoint endpoint, TrafficKind kind, KeyPlacement key, int requests, int concurrency, double rate,
                             long distinctKeys, boolean responseDeadline, Sender send) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException("probe rounds block until they finish: call them off the event loop");
        }
        roundLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("session is closed");
            }
            int lanes = Math.min(Math.min(concurrency, limits.maxConcurrency()), requests);
            Round round = new Round(requests, Math.min(rate, limits.maxRequestsPerSecond()), lanes, responseDeadline,
                    send);
            int backoffsBefore = distress.backoffs();
            Instant startedAt = clock.instant();
            round.start();
            ProbeStopped stop = round.await();
            RoundTraffic result = round.recorder.toRound(endpoint.ref(), kind, startedAt, clock.instant(), round.pacedAt,
                    lanes, distinctKeys < 0 ? round.recorder.sentCount() : distinctKeys,
                    distress.backoffs() - backoffsBefore, key);
            return stop == null ? new RoundOutcome.Completed(result) : new RoundOutcome.Stopped(result, stop);
        } finally {
            roundLock.unlock();
        }
    }

    /** One round's lanes and tallies. */
    private final class Round {

        /** Completions that chain synchronously deeper than this hop to a scheduler instead of growing the stack. */
        private static final int MAX_CHAIN_DEPTH = 16;
        private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

        final RoundRecorder recorder;
        final double plannedRate;
        volatile double pacedAt;
        private final int requests;
        private final int lanes;
        private final boolean responseDeadline;
        private final Sender send;
        private final AtomicLong next = new AtomicLong();
        private final java.util.concurrent.CountDownLatch lanesDone;
        private volatile ProbeStopped stop;
        private final Set<Request> inFlight = ConcurrentHashMap.newKeySet();
        private final long requestTimeoutNanos = settings.requestTimeout().toNanos();
        private final long responseTimeoutNanos = settings.responseTimeout().toNanos();
        private Disposable sweeper;

        Round(int requests, double plannedRate, int lanes, boolean responseDeadline, Sender send) {
            this.requests = requests;
            this.plannedRate = plannedRate;
            this.lanes = lanes;
            this.responseDeadline = responseDeadline;
            this.send = send;
            this.recorder = new RoundRecorder(requests);
            this.lanesDone = new java.util.concurrent.CountDownLatch(lanes);
            this.pacedAt = plannedRate * distress.rateFactor();
        }

        void start() {
            long period = Math.max(10, Math.min(100, settings.responseTimeout().toMillis() / 10));
            sweeper = Schedulers.parallel().schedulePeriodically(this::sweep, period, period, TimeUnit.MILLISECONDS);
            for (int lane = 0; lane < lanes; lane++) {
                advance();
            }
        }

        /**
         * Starts a lane's next request, or ends the lane when the round is over. Whether the session has stopped is
         * the request's first check ({@link Request#whenAllowed()}), made once per request, not here as well.
         */
        private void advance() {
            int[] depth = DEPTH.get();
            if (depth[0] >= MAX_CHAIN_DEPTH) {
                Schedulers.parallel().schedule(this::advance);
                return;
            }
            depth[0]++;
            try {
                if (next.getAndIncrement() >= requests) {
                    lanesDone.countDown();
                    return;
                }
                Request request = new Request();
                live.add(request);
                request.whenAllowed();
            } finally {
                depth[0]--;
            }
        }

        /** Cuts requests past a timeout, counting them as timeouts, not interruptions. */
        private void sweep() {
            long now = System.nanoTime();
            for (Request request : inFlight) {
                long age = now - request.startNanos;
                boolean silent = responseDeadline && !request.headersSeen && age > responseTimeoutNanos;
                if ((silent || age > requestTimeoutNanos) && request.settled.compareAndSet(false, true)) {
                    RequestResult timedOut = new RequestResult.Failed(ErrorCause.TIMEOUT, silent
                            ? "no response within " + settings.responseTimeout()
                            : "no complete response within " + settings.requestTimeout());
                    recorder.record(timedOut);
                    distress.record(timedOut, request.sentAt);
                    request.dispose();
                }
            }
        }

        private void stopRound(ProbeStopped reason) {
            if (stop == null) {
                stop = reason;
            }
        }

        /**
         * Waits for every lane to end. A stop other than a spent budget cuts what is in flight at once; a spent budget
         * lets the last requests finish, since they are within the limits.
         */
        ProbeStopped await() {
            boolean interrupted = false;
            try {
                while (!lanesDone.await(POLL_NANOS, TimeUnit.NANOSECONDS)) {
                    ProbeStopped now = checkStop();
                    if (now != null && now.reason() != StopReason.BUDGET_EXHAUSTED) {
                        stopRound(now);
                        interruptAll();
                        // Disposal runs each lane's completion at once; this bound only guards against a stuck one.
                        lanesDone.await(1, TimeUnit.SECONDS);
                        break;
                    }
                }
            } catch (InterruptedException e) {
                interrupted = true;
                cancellation.cancel("the probe thread was interrupted");
                stopRound(checkStop());
                interruptAll();
            }
            sweeper.dispose();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return stop;
        }

        /**
         * One request of a lane, from waiting for its turn to its outcome: it subscribes to the exchange itself (one
         * object per request instead of a chain of operators) and hands the lane on exactly once, however it ends
         * (response, failure, timeout, cancel).
         */
        private final class Request implements CoreSubscriber<RequestResult>, Disposable {

            final AtomicBoolean settled = new AtomicBoolean();
            private final AtomicBoolean finished = new AtomicBoolean();
            volatile long startNanos;
            volatile Instant sentAt;
            volatile boolean headersSeen;
            private volatile boolean sent;
            private volatile boolean disposed;
            private volatile Subscription subscription;
            private volatile Disposable timer;

            /**
             * Sends once the distress pause is over and the bucket has a token, then spends one unit of budget; waits
             * on timers, never on a thread. Ends the lane's turn without sending when the session stops first or the
             * budget is spent.
             */
            void whenAllowed() {
                if (disposed) {
                    return;
                }
                ProbeStopped now = checkStop();
                if (now != null) {
                    stopRound(now);
                    endLane();
                    return;
                }
                Instant at = clock.instant();
                Instant pausedUntil = distress.pausedUntil();
                if (pausedUntil.isAfter(at)) {
                    retryIn(Duration.between(at, pausedUntil));
                    return;
                }
                double paced = plannedRate * distress.rateFactor();
                if (paced != pacedAt) {
                    pacedAt = paced;
                }
                if (bucket.rate() != paced) {
                    bucket.setRate(paced);
                }
                Duration wait = bucket.tryTake();
                if (!wait.isZero()) {
                    retryIn(wait);
                    return;
                }
                if (budget.getAndDecrement() <= 0) {
                    budget.incrementAndGet();
                    bucket.giveBack();
                    stopRound(stopWith(StopReason.BUDGET_EXHAUSTED, "the session's budget of "
                            + limits.maxTotalRequests() + " requests is spent"));
                    endLane();
                    return;
                }
                sentAt = at;
                startNanos = System.nanoTime();
                sent = true;
                recorder.sent();
                inFlight.add(this);
                Mono<RequestResult> exchange;
                try {
                    exchange = send.send(() -> headersSeen = true);
                } catch (RuntimeException e) {
                    onError(e);
                    return;
                }
                exchange.subscribe(this);
            }

            private void retryIn(Duration wait) {
                timer = Schedulers.parallel().schedule(this::whenAllowed, wait.toNanos(), TimeUnit.NANOSECONDS);
                if (disposed) {
                    timer.dispose();
                }
            }

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                if (disposed) {
                    s.cancel();
                } else {
                    s.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(RequestResult result) {
                if (settled.compareAndSet(false, true)) {
                    recorder.record(result);
                    if (result instanceof RequestResult.Failed f && f.cause() == ErrorCause.NOT_ALLOWED) {
                        // Not the target's distress: the policy forbids it. Stop at once, say why.
                        stopRound(stopWith(StopReason.TARGET_NOT_ALLOWED, f.detail()));
                    } else {
                        distress.record(result, sentAt);
                    }
                }
            }

            @Override
            public void onError(Throwable error) {
                // Every exchange maps its failures to a result; this is a bug guard, not a path.
                if (settled.compareAndSet(false, true)) {
                    recorder.record(new RequestResult.Failed(ErrorCause.OTHER, ErrorClassifier.describe(error)));
                }
                finish();
            }

            @Override
            public void onComplete() {
                finish();
            }

            /** Cuts the request (cancel, close, timeout): a request that left and has no outcome yet was interrupted. */
            @Override
            public void dispose() {
                disposed = true;
                Disposable pending = timer;
                if (pending != null) {
                    pending.dispose();
                }
                Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
                if (sent && settled.compareAndSet(false, true)) {
                    recorder.interrupted();
                }
                finish();
            }

            @Override
            public boolean isDisposed() {
                return disposed || finished.get();
            }

            /** Hands the lane on: exactly once per request. */
            private void finish() {
                if (finished.compareAndSet(false, true)) {
                    inFlight.remove(this);
                    live.remove(this);
                    advance();
                }
            }

            /** Ends the lane without sending: the session has stopped or its budget is spent. */
            private void endLane() {
                if (finished.compareAndSet(false, true)) {
                    live.remove(this);
                    lanesDone.countDown();
                }
            }
        }
    }

    private ProbeStopped checkStop() {
        ProbeStopped current = stopped;
        if (current != null) {
            return current;
        }
        if (closing) {
            return stopWith(StopReason.CANCELLED, "the probe session was closed");
        }
        Optional<String> cancelled = cancellation.reason();
        if (cancelled.isPresent()) {
            return stopWith(StopReason.CANCELLED, cancelled.get());
        }
        ProbeStopped distressed = distress.stop();
        if (distressed != null) {
            return setStopped(distressed);
        }
        if (!clock.instant().isBefore(deadline)) {
            return stopWith(StopReason.DEADLINE, "the session's maximum duration of " + limits.maxDuration() + " ran out");
        }
        return null;
    }

    private ProbeStopped stopWith(StopReason reason, String message) {
        return setStopped(new ProbeStopped(reason, message, clock.instant()));
    }

    private synchronized ProbeStopped setStopped(ProbeStopped stop) {
        if (stopped == null) {
            stopped = stop;
        }
        return stopped;
    }

    /** Disposes every in-flight request and closes every connection the session opened. */
    private void interruptAll() {
        for (Disposable d : live) {
            d.dispose();
        }
        channels.close();
    }

    // ------------------------------------------------------------------------------------------------------ requests

    private static WebClient.RequestHeadersSpec<?> prepare(WebClient client, RequestTemplate.Request request) {
        return prepare(client, request, true);
    }

    private static WebClient.RequestHeadersSpec<?> prepare(WebClient client, RequestTemplate.Request request,
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
    private static Mono<RequestResult> exchange(WebClient client, RequestTemplate template,
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
    private Mono<RequestResult> abortingExchange(RequestTemplate.Request request, AbortPlan plan) {
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
                    .timeout(settings.requestTimeout())
                    .onErrorResume(error -> Mono.just(failed(error)));
            Mono<Long> cutAt = Mono.fromFuture(sent, true).flatMap(channel -> Mono.delay(plan.abortAfter()));
            // The response did not complete in time: cut the connection and confirm the channel really closed.
            return exchange.timeout(cutAt, Mono.defer(() -> closeAndConfirm(sent, plan.confirmTimeout())));
        });
    }

    private static Mono<RequestResult> closeAndConfirm(CompletableFuture<Channel> pending, Duration confirmTimeout) {
        Channel channel = pending.getNow(null);
        if (channel == null) {
            // Still connecting: cancelling the exchange drops the connect; there is no open connection to confirm.
            return Mono.just(new RequestResult.Aborted(false));
        }
        return Mono.<RequestResult>create(sink -> channel.close().addListener(
                        done -> sink.success(new RequestResult.Aborted(!channel.isOpen()))))
                .timeout(confirmTimeout, Mono.just(new RequestResult.Aborted(false)));
    }

    private static RequestResult response(ClientResponse response, long startNanos) {
        int status = response.statusCode().value();
        // Retry-After only matters on the distress statuses; reading headers costs on every request otherwise.
        Duration retryAfter = status == 429 || status == 503
                ? retryAfter(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER)) : null;
        return new RequestResult.Response(status, System.nanoTime() - startNanos, retryAfter);
    }

    private static RequestResult failed(Throwable error) {
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

    /** Stops all traffic and releases the connection pool. Idempotent. */
    @Override
    public void close() {
        closing = true; // a round running on another thread sees this within a poll and stops
        interruptAll();
        roundLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            roundLock.unlock();
        }
        unregisterCancel.run();
        interruptAll();
        pool.disposeLater().subscribe();
    }
}
