package io.leakscan.probe;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>The session owns the limits, the stop state and the connections; a {@link ProbeRound} runs one round's lanes,
 * requests and timeouts, and {@link ProbeExchanges} turns one request into its result.
 */
public final class ProbeSession implements AutoCloseable {

    /** How often a waiting dispatcher looks at cancel, deadline and distress: well inside the 1 s cancel promise. */
    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final TargetSpec target;
    final ProbeLimits limits;
    final ClientSettings settings;
    final CancellationToken cancellation;
    final Clock clock;
    private final Instant deadline;
    final DistressMonitor distress;
    final TokenBucket bucket;
    final AtomicLong budget;
    private final AtomicLong keyCounter = new AtomicLong();
    private final ReentrantLock roundLock = new ReentrantLock();
    final Set<Disposable> live = ConcurrentHashMap.newKeySet();
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
                onHeaders -> ProbeExchanges.exchange(client, template, request, onHeaders));
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
                onHeaders -> ProbeExchanges.abortingExchange(abortClient, settings.requestTimeout(), request, plan));
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
                    plan.requestsPerSecond(), 1, true, onHeaders -> ProbeExchanges.exchange(client, template, request, onHeaders));
        }
        return run(endpoint, TrafficKind.DISTINCT_KEY, plan.placement(), plan.requests(), plan.concurrency(), plan.requestsPerSecond(),
                -1, true, onHeaders -> ProbeExchanges.exchange(client, template,
                        template.keyed(plan.placement(), keyCounter.getAndIncrement()), onHeaders));
    }

    // ---------------------------------------------------------------------------------------------------- dispatcher

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
                             long distinctKeys, boolean responseDeadline, ProbeRound.Sender send) {
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
            ProbeRound round = new ProbeRound(this, requests, Math.min(rate, limits.maxRequestsPerSecond()), lanes, responseDeadline,
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

    ProbeStopped checkStop() {
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

    ProbeStopped stopWith(StopReason reason, String message) {
        return setStopped(new ProbeStopped(reason, message, clock.instant()));
    }

    private synchronized ProbeStopped setStopped(ProbeStopped stop) {
        if (stopped == null) {
            stopped = stop;
        }
        return stopped;
    }

    /** Disposes every in-flight request and closes every connection the session opened. */
    void interruptAll() {
        for (Disposable d : live) {
            d.dispose();
        }
        channels.close();
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
