package io.leakscan.scan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One virtual thread per open stream polls the scan's row and sends an event whenever status, phase or progress
 * changed; it sends the final state and closes. Polling the database (not an in-memory bus) is what makes a stream
 * opened on one node follow a scan running on another.
 */
@Component
public class ScanEventStream {

    private static final Logger log = LoggerFactory.getLogger(ScanEventStream.class);

    private final ScanStore store;
    private final ScanEventsProperties properties;
    private final Clock clock;

    ScanEventStream(ScanStore store, ScanEventsProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    /** A stream of the scan's events; the caller has checked that the scan belongs to its tenant. */
    public SseEmitter open(UUID scanId) {
        SseEmitter emitter = new SseEmitter(properties.maxStream().toMillis());
        AtomicBoolean closed = new AtomicBoolean();
        emitter.onCompletion(() -> closed.set(true));
        emitter.onTimeout(() -> closed.set(true));
        emitter.onError(e -> closed.set(true));
        Thread.ofVirtual().name("scan-events-" + scanId).start(() -> follow(scanId, emitter, closed));
        return emitter;
    }

    private void follow(UUID scanId, SseEmitter emitter, AtomicBoolean closed) {
        ScanEvent last = null;
        Instant lastSent = clock.instant();
        try {
            while (!closed.get()) {
                Optional<ScanEvent> now = store.snapshot(scanId);
                if (now.isEmpty()) {
                    break; // deleted with its tenant
                }
                ScanEvent event = now.get();
                if (changed(last, event)) {
                    emitter.send(SseEmitter.event().name("scan").id(Long.toString(event.version()))
                            .data(event, MediaType.APPLICATION_JSON));
                    last = event;
                    lastSent = clock.instant();
                    if (event.status().isFinal()) {
                        break;
                    }
                } else if (clock.instant().isAfter(lastSent.plus(properties.keepAlive()))) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    lastSent = clock.instant();
                }
                Thread.sleep(properties.pollInterval()); // the polling cadence itself, not a wait for a result
            }
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            log.debug("Event stream of scan {} ended by the client: {}", scanId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            log.warn("Event stream of scan {} failed", scanId, e);
            emitter.completeWithError(e);
        }
    }

    private static boolean changed(ScanEvent last, ScanEvent now) {
        return last == null || last.status() != now.status() || !Objects.equals(last.phase(), now.phase())
                || last.progress() != now.progress();
    }
}
