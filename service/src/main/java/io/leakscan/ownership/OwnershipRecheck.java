package io.leakscan.ownership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Checks verified targets again once their last check is {@code recheck-after} old, so a proof the tenant took down
 * expires. Every node runs it; each claims its batch in one statement.
 */
@Component
class OwnershipRecheck {

    private static final Logger log = LoggerFactory.getLogger(OwnershipRecheck.class);
    private static final int BATCH = 50;

    private final TargetStore store;
    private final OwnedTargets targets;
    private final VerificationProperties properties;

    OwnershipRecheck(TargetStore store, OwnedTargets targets, VerificationProperties properties) {
        this.store = store;
        this.targets = targets;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${leakscan.target.verification.recheck-interval:1h}",
            fixedDelayString = "${leakscan.target.verification.recheck-interval:1h}")
    void scheduled() {
        try {
            recheckDue();
        } catch (RuntimeException e) {
            log.warn("Target re-verification failed: {}", e.toString());
        }
    }

    /** @return how many targets were checked */
    int recheckDue() {
        int total = 0;
        List<OwnedTarget> due;
        do {
            Instant now = targets.now();
            due = store.claimDue(now.minus(properties.recheckAfter()), now, BATCH);
            due.forEach(targets::recheck);
            total += due.size();
        } while (due.size() == BATCH);
        return total;
    }
}
