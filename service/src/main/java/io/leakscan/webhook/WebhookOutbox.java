package io.leakscan.webhook;

import io.leakscan.scan.ScanComparison;
import io.leakscan.scan.ScanFinished;
import io.leakscan.scan.ScanState;
import io.leakscan.schedule.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a finished scan into deliveries. {@link #enqueue} is a plain listener: it runs inside the transaction that
 * writes the scan's final state (JdbcClient joins it), so the deliveries commit exactly when the scan's end does,
 * and are never lost by a crash right after. {@link #dispatch} runs after that commit and only wakes the dispatcher;
 * its poller would find the rows anyway.
 */
@Component
class WebhookOutbox {

    private static final Logger log = LoggerFactory.getLogger(WebhookOutbox.class);

    private final Payloads payloads;
    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final WebhookDispatcher dispatcher;
    private final Schedules schedules;
    private final ScanComparison comparison;

    WebhookOutbox(Payloads payloads, SubscriptionStore subscriptions, DeliveryStore deliveries,
                  WebhookDispatcher dispatcher, Schedules schedules, ScanComparison comparison) {
        this.schedules = schedules;
        this.comparison = comparison;
        this.payloads = payloads;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    @EventListener
    void enqueue(ScanFinished finished) {
        Optional<Payloads.ScanData> loaded = payloads.load(finished.scanId());
        if (loaded.isEmpty()) {
            log.warn("Scan {} finished but its row is not visible; no webhooks for it", finished.scanId());
            return;
        }
        Payloads.ScanData scan = loaded.get();
        int queued = 0;
        List<EventType> types = new ArrayList<>(EventType.raisedBy(finished.status(), scan.verdict()));
        if (regressed(finished)) {
            types.add(EventType.SCAN_REGRESSED);
        }
        for (EventType type : types) {
            String payload = payloads.render(scan, type, finished.finishedAt());
            List<Subscription> targets = subscriptions.activeFor(finished.tenantId(), type.wire());
            for (Subscription s : targets) {
                deliveries.enqueue(finished.tenantId(), s.id(), scan.id(), Payloads.eventId(scan.id(), type),
                        type.wire(), s.url(), payload, finished.finishedAt());
                queued++;
            }
            if (scan.callbackUrl() != null && !scan.callbackUrl().isBlank()) {
                deliveries.enqueue(finished.tenantId(), null, scan.id(), Payloads.eventId(scan.id(), type),
                        type.wire(), scan.callbackUrl(), payload, finished.finishedAt());
                queued++;
            }
        }
        if (queued > 0) {
            log.debug("Scan {} ended {}: {} webhook deliveries queued", scan.id(), finished.status(), queued);
        }
    }

    /** A scheduled scan that found what the previous scan of its target did not. */
    private boolean regressed(ScanFinished finished) {
        return finished.status() == ScanState.SUCCEEDED && schedules.isScheduled(finished.scanId())
                && !comparison.compare(finished.tenantId(), finished.scanId()).newFindings().isEmpty();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void dispatch(ScanFinished finished) {
        dispatcher.nudge();
    }
}
