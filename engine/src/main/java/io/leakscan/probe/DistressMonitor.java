package io.leakscan.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Session-wide view of the target's health. Outcomes of requests sent before the last back-off are ignored: they
 * describe the target before the engine eased off, and counting them would punish it twice.
 * <p>
 * Recording is synchronized; the state every request reads before it leaves (stop, pause, rate factor) is volatile,
 * so the event loops do not contend on this monitor for reads.
 */
final class DistressMonitor {

    private final DistressPolicy policy;
    private final Clock clock;

    private int windowTotal;
    private int windowDistress;
    private final Map<Integer, Integer> windowStatuses = new TreeMap<>();
    private final Map<ErrorCause, Integer> windowErrors = new EnumMap<>(ErrorCause.class);
    private Duration windowRetryAfter = Duration.ZERO;
    private int consecutive;
    private volatile int backoffs;
    private volatile double rateFactor = 1.0;
    private Instant lastBackoff = Instant.EPOCH;
    private volatile Instant pausedUntil = Instant.EPOCH;
    private volatile ProbeStopped stop;

    DistressMonitor(DistressPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    static boolean isDistress(RequestResult result) {
        return switch (result) {
            case RequestResult.Response r -> r.status() == 429 || r.status() == 502 || r.status() == 503 || r.status() == 504;
            case RequestResult.Failed f -> true;
            case RequestResult.Aborted a -> false;
        };
    }

    synchronized void record(RequestResult result, Instant sentAt) {
        if (stop != null || result instanceof RequestResult.Aborted || sentAt.isBefore(lastBackoff)) {
            return;
        }
        windowTotal++;
        if (isDistress(result)) {
            windowDistress++;
            switch (result) {
                case RequestResult.Response r -> {
                    windowStatuses.merge(r.status(), 1, Integer::sum);
                    if (r.retryAfter() != null && r.retryAfter().compareTo(windowRetryAfter) > 0) {
                        windowRetryAfter = r.retryAfter();
                    }
                }
                case RequestResult.Failed f -> windowErrors.merge(f.cause(), 1, Integer::sum);
                case RequestResult.Aborted a -> {
                }
            }
        }
        if (windowTotal >= policy.window()) {
            judgeWindow();
        }
    }

    private void judgeWindow() {
        double ratio = (double) windowDistress / windowTotal;
        if (ratio >= policy.maxDistressRatio()) {
            String what = windowDistress + " of the last " + windowTotal + " requests showed distress ("
                    + summary() + ")";
            if (consecutive >= policy.maxBackoffs()) {
                stop = new ProbeStopped(StopReason.TARGET_DISTRESS, what + " after " + consecutive
                        + " back-off(s) to " + Math.round(rateFactor * 100) + "% of the planned rate; stopped instead of"
                        + " adding load to a failing target", clock.instant());
            } else {
                consecutive++;
                backoffs++;
                rateFactor /= 2;
                Instant now = clock.instant();
                Duration retryAfter = windowRetryAfter.compareTo(policy.maxRetryAfter()) > 0
                        ? policy.maxRetryAfter() : windowRetryAfter;
                lastBackoff = now;
                pausedUntil = now.plus(retryAfter.compareTo(policy.pause()) > 0 ? retryAfter : policy.pause());
            }
        } else {
            consecutive = 0;
        }
        windowTotal = 0;
        windowDistress = 0;
        windowStatuses.clear();
        windowErrors.clear();
        windowRetryAfter = Duration.ZERO;
    }

    private String summary() {
        StringBuilder sb = new StringBuilder();
        windowStatuses.forEach((status, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(n).append("x HTTP ").append(status));
        windowErrors.forEach((cause, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(n).append("x ").append(cause));
        return sb.toString();
    }

    ProbeStopped stop() {
        return stop;
    }

    Instant pausedUntil() {
        return pausedUntil;
    }

    double rateFactor() {
        return rateFactor;
    }

    int backoffs() {
        return backoffs;
    }
}
