package io.leakscan.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A reserving token bucket: each call takes one token and says how long to wait before using it. Reserving ahead
 * (tokens go negative) makes the pacer exact at a steady rate, and the burst caps how many requests can leave at once
 * after an idle spell, so any one-second window holds at most {@code rate + burst} requests.
 */
final class TokenBucket {

    private final Clock clock;
    private double ratePerSecond;
    private double burst;
    private double tokens;
    private Instant last;

    TokenBucket(Clock clock, double ratePerSecond) {
        this(clock, ratePerSecond, burstFor(ratePerSecond));
    }

    TokenBucket(Clock clock, double ratePerSecond, double burst) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        this.clock = clock;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = clock.instant();
    }

    /** The burst used for a rate: a twentieth of a second's worth, at least one request. */
    static double burstFor(double ratePerSecond) {
        return Math.max(1, Math.floor(ratePerSecond / 20));
    }

    /** Takes one token; returns how long the caller must wait before sending (zero when a token was ready). */
    synchronized Duration reserve() {
        refill();
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / ratePerSecond * 1e9));
    }

    /** Gives a reserved token back, e.g. when the request it was meant for is not sent after all. */
    synchronized void unreserve() {
        tokens = Math.min(burst, tokens + 1);
    }

    synchronized void setRate(double ratePerSecond) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        refill();
        this.ratePerSecond = ratePerSecond;
        this.burst = burstFor(ratePerSecond);
        this.tokens = Math.min(tokens, burst);
    }

    synchronized double rate() {
        return ratePerSecond;
    }

    synchronized double burst() {
        return burst;
    }

    private void refill() {
        Instant now = clock.instant();
        long elapsedNanos = Duration.between(last, now).toNanos();
        if (elapsedNanos > 0) {
            tokens = Math.min(burst, tokens + elapsedNanos / 1e9 * ratePerSecond);
            last = now;
        }
    }
}
