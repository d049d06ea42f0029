package io.leakscan.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells from one tick's readings against the previous ones whether the target restarted, and keeps the sample's
 * restart marker. Not thread-safe: the sampler calls it under its own lock, one tick at a time.
 *
 * <p>Ticks are assembled when their last reading arrives, so they can arrive out of order: a tick that waits for a
 * forced-GC heap read finishes after the next, counters-only tick. A late tick's readings are older than what was
 * already seen, so they are not compared (a lower GC count from before is no restart) and do not replace it.
 */
final class RestartDetector {

    private static final double START_TOLERANCE_SECONDS = 0.5;

    private Instant lastAt;
    private Double lastStart;
    private final Map<String, Double> lastGcCount = new HashMap<>();
    private String lastCmdline;
    private String marker;
    private long restarts;

    /**
     * @param at         when the tick was taken
     * @param start      the process start time the tick read, or null
     * @param gcBySource the GC count each source read, by source path
     * @param cmdline    the {@code cmdline:} restart marker the tick read, or null
     * @return the restarts these readings give away, in the order start time, GC counts, cmdline
     */
    List<RestartEvent> observe(Instant at, Double start, Map<String, Double> gcBySource, String cmdline) {
        List<RestartEvent> events = new ArrayList<>(0);
        if (lastAt != null && at.isBefore(lastAt)) {
            return events; // a late tick: its readings predate what was already compared
        }
        lastAt = at;
        if (start != null && lastStart != null && Math.abs(start - lastStart) > START_TOLERANCE_SECONDS) {
            events.add(RestartEvent.ofValues(at, "process start time changed", lastStart, start));
        }
        // per source: sources read at different moments (and gc=1 adds a cycle) disagree with each other
        gcBySource.forEach((path, gc) -> {
            Double before = lastGcCount.put(path, gc);
            if (before != null && gc < before) {
                events.add(RestartEvent.ofValues(at, "GC count went backwards at " + path, before, gc));
            }
        });
        if (cmdline != null && lastCmdline != null && !cmdline.equals(lastCmdline)) {
            events.add(new RestartEvent(at, "cmdline changed", lastCmdline, cmdline));
        }
        if (start != null) {
            lastStart = start;
            marker = "start:" + RestartEvent.format(start);
        } else if (cmdline != null && lastStart == null) {
            marker = cmdline;
        }
        if (cmdline != null) {
            lastCmdline = cmdline;
        }
        restarts += events.size();
        return events;
    }

    /** The restart marker for the sample of the last tick: its start time, else its cmdline; null before either. */
    String marker() {
        return marker;
    }

    /** Restarts found so far. */
    long restarts() {
        return restarts;
    }
}
