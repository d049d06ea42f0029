package io.leakscan.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Looks for due schedules on every node; {@link Schedules#runDue} makes each run start once. */
@Component
@ConditionalOnProperty(name = "leakscan.schedules.enabled", havingValue = "true", matchIfMissing = true)
class ScheduleRunner {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);

    private final Schedules schedules;

    ScheduleRunner(Schedules schedules) {
        this.schedules = schedules;
    }

    @Scheduled(fixedDelayString = "${leakscan.schedules.poll-interval:15s}")
    void poll() {
        try {
            schedules.runDue();
        } catch (RuntimeException e) {
            // the database may be away for a moment; the next poll catches up
            log.warn("Scheduled scans could not be started: {}", e.toString());
        }
    }
}
