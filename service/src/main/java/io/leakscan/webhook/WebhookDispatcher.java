package io.leakscan.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends due deliveries. One loop per node claims rows with SKIP LOCKED (so nodes share the work and a restarted node
 * picks up what was pending), sends each on a virtual thread, and records the attempt, the next try or the end in
 * one transaction. It polls every {@code poll-interval} and is woken at once after a scan's end commits.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookProperties properties;
    private final DeliveryStore deliveries;
    private final SubscriptionStore subscriptions;
    private final CallbackSecrets callbackSecrets;
    private final WebhookSender sender;
    private final Backoff backoff;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final String node;
    private final Semaphore inFlight;
    private final Object wakeLock = new Object();

    private volatile boolean running;
    private boolean woken;
    private Thread loop;
    private ExecutorService senders;

    WebhookDispatcher(WebhookProperties properties, DeliveryStore deliveries, SubscriptionStore subscriptions,
                      CallbackSecrets callbackSecrets, WebhookSender sender, Backoff backoff, TransactionTemplate tx,
                      Clock clock, MeterRegistry metrics) {
        this.properties = properties;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.callbackSecrets = callbackSecrets;
        this.sender = sender;
        this.backoff = backoff;
        this.tx = tx;
        this.clock = clock;
        this.metrics = metrics;
        this.node = "webhooks-" + ManagementFactory.getRuntimeMXBean().getName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.inFlight = new Semaphore(properties.batchSize());
    }

    /** Look for due deliveries now rather than at the next poll. */
    void nudge() {
        synchronized (wakeLock) {
            woken = true;
            wakeLock.notifyAll();
        }
    }

    @Override
    public synchronized void start() {
        if (running || !properties.dispatcherEnabled()) {
            return;
        }
        running = true;
        senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-send-", 0).factory());
        loop = Thread.ofPlatform().name("webhook-dispatcher").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        nudge();
        try {
            loop.join(properties.timeout().toMillis() + 1000);
            senders.shutdown();
            // sends in flight are bounded by the timeout; one not recorded by then is retried after its lease
            if (!senders.awaitTermination(properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000; // stops before the web server and the datasource go away
    }

    private void run() {
        while (running) {
            try {
                int free = inFlight.availablePermits();
                int asked = Math.min(free, properties.batchSize());
                List<Delivery.Claimed> claimed = List.of();
                if (asked > 0) {
                    Instant now = clock.instant();
                    claimed = deliveries.claim(node, asked, now, now.plus(properties.lease()));
                }
                for (Delivery.Claimed c : claimed) {
                    inFlight.acquire();
                    senders.execute(() -> {
                        try {
                            deliver(c);
                        } catch (RuntimeException e) {
                            log.error("Webhook delivery {} could not be recorded; it is retried after its lease",
                                    c.id(), e);
                        } finally {
                            inFlight.release();
                            nudge();
                        }
                    });
                }
                if (claimed.size() < asked || asked == 0) {
                    sleep(properties.pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Webhook dispatcher could not claim deliveries: {}", e.toString());
                try {
                    sleep(properties.pollInterval());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        synchronized (wakeLock) {
            if (!woken && running) {
                wakeLock.wait(Math.max(1, d.toMillis()));
            }
            woken = false;
        }
    }

    /** One attempt of one claimed delivery, and what follows from it. */
    void deliver(Delivery.Claimed c) {
        Instant started = clock.instant();
        Optional<Subscription> subscription = c.subscriptionId() == null ? Optional.empty()
                : subscriptions.findById(c.subscriptionId());
        if (c.subscriptionId() != null && subscription.isEmpty()) {
            return; // deleted while we held it: its deliveries went with it
        }
        if (subscription.isPresent() && !subscription.get().active()) {
            // disabled between the claim and now: nothing is sent
            tx.executeWithoutResult(status -> deliveries.finish(c.id(), node, "FAILED",
                    "subscription disabled before this attempt; not sent", clock.instant()));
            return;
        }
        // a subscription's deliveries follow its current URL, so fixing the URL and redelivering works
        String url = subscription.map(Subscription::url).orElse(c.url());
        if (!url.equals(c.url())) {
            deliveries.retarget(c.id(), node, url);
        }
        List<String> secrets = subscription.map(s -> s.signingSecrets(started))
                .orElseGet(() -> callbackSecrets.signingSecrets(c.tenantId(), started));
        byte[] body = c.payload().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        Signatures.Standard standard = Signatures.standardHeaders(c.eventId().toString(), started.getEpochSecond(),
                body, secrets);
        headers.put(Signatures.ID_HEADER, standard.id());
        headers.put(Signatures.TIMESTAMP_HEADER, standard.timestamp());
        headers.put(Signatures.SIGNATURE_HEADER, standard.signature());
        headers.put(Signatures.LEGACY_HEADER, Signatures.legacyHeader(started.getEpochSecond(), body, secrets));
        headers.put(Signatures.EVENT_ID_HEADER, c.eventId().toString());
        headers.put(Signatures.EVENT_TYPE_HEADER, c.eventType());
        headers.put(Signatures.DELIVERY_ID_HEADER, c.id().toString());
        WebhookSender.Result result;
        long startNanos = System.nanoTime();
        try {
            result = sender.post(URI.create(url), body, headers, startNanos);
        } catch (IllegalArgumentException e) {
            result = new WebhookSender.Result(null, 0, null, "invalid URL: " + e.getMessage());
        }
        WebhookSender.Result outcome = result;
        Instant done = clock.instant();
        String ended = tx.execute(status -> record(c, started, done, outcome));
        Counter.builder("leakscan.webhook.attempts").description("Webhook delivery attempts, by what came of them")
                .tag("outcome", ended).register(metrics).increment();
    }

    /** Records an attempt; returns what came of it: succeeded, retried, failed (given up) or disabled. */
    private String record(Delivery.Claimed c, Instant started, Instant done, WebhookSender.Result result) {
        deliveries.logAttempt(c.id(), c.attempts(), started, result);
        if (result.succeeded()) {
            deliveries.finish(c.id(), node, "SUCCEEDED", null, done);
            if (c.subscriptionId() != null) {
                subscriptions.recordSuccess(c.subscriptionId());
            }
            return "succeeded";
        }
        if (c.subscriptionId() != null) {
            if (subscriptions.recordFailure(c.subscriptionId(), properties.disableAfterFailures(), done)) {
                log.warn("Webhook subscription {} disabled after {} consecutive failed attempts (last: {})",
                        c.subscriptionId(), properties.disableAfterFailures(), result.error());
            }
            Optional<Subscription> now = subscriptions.findById(c.subscriptionId());
            if (now.isPresent() && !now.get().active()) {
                // disabled by this failure, or by one that ended while this attempt was in flight
                String why = "subscription disabled"
                        + (now.get().disabledReason() == null ? "" : " after " + now.get().disabledReason());
                deliveries.finish(c.id(), node, "FAILED", result.error() + " (" + why + "; not retried)", done);
                deliveries.failPending(c.subscriptionId(), why, done);
                return "disabled";
            }
        }
        Optional<Duration> delay = backoff.next(c.roundAttempts());
        if (delay.isPresent()) {
            deliveries.retryAt(c.id(), node, result.error(), done.plus(delay.get()));
            return "retried";
        }
        deliveries.finish(c.id(), node, "FAILED", result.error() + " (gave up after "
                + c.roundAttempts() + " attempts)", done);
        return "failed";
    }
}
