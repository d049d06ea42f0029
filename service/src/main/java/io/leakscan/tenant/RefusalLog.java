package io.leakscan.tenant;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One log line for API calls refused because the database is away, not one stack trace per call: during a 44 s
 * outage the service logged 4,346 stack-trace lines for 53 calls. The first refusal is logged at once, later ones
 * are counted and summed up at most once per {@link #EVERY}.
 */
final class RefusalLog {

    static final Duration EVERY = Duration.ofSeconds(10);

    private final Logger log;
    private final Clock clock;
    private Instant lastLogged;
    private long unlogged;

    RefusalLog(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    synchronized void refused(String method, String path, RuntimeException cause) {
        Instant now = clock.instant();
        if (lastLogged != null && now.isBefore(lastLogged.plus(EVERY))) {
            unlogged++;
            return;
        }
        String others = unlogged == 0 ? "" : " (and " + unlogged + " more since the last such line)";
        log.warn("API call {} {} refused with 503: the database cannot be reached{}: {}", method, path, others,
                rootCause(cause));
        lastLogged = now;
        unlogged = 0;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + " <- " + root;
    }
}
