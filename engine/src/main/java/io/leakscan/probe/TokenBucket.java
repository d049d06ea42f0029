package io.leakscan.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The session's token bucket: refills at the rate, holds at most {@code burst} tokens, and one token is one request.
 * The burst caps how many requests can leave at once after an idle spell, so any one-second window holds at most
 * {@code rate + burst} requests.
 */
final class TokenBucket {

    private final Clock clock;
    private volatile double ratePerSecond; // read by every request before it takes a token: no lock for that
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

    /**
     * Takes a token if one is ready now and returns zero; otherwise takes nothing and returns how long until one will
     * be. Tokens are taken at the moment of sending, so however late a timer fires, the send times themselves obey
     * the bucket: any one-second window holds at most {@code rate + burst} sends.
     */
    synchronized Duration tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond * 1e9)));
    }

    /** Gives a taken token back, e.g. when the request it was meant for is not sent after all. */
    synchronized void giveBack() {
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

    double rate() {
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
