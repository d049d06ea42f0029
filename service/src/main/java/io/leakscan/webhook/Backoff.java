package io.leakscan.webhook;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The retry schedule: exponential, capped, with jitter so that receivers that come back are not hit in lockstep. */
final class Backoff {

    private final WebhookProperties.Retry retry;
    private final RandomGenerator random;

    Backoff(WebhookProperties.Retry retry, RandomGenerator random) {
        this.retry = retry;
        this.random = random;
    }

    /** The nominal delay after the {@code attempt}-th failed attempt (1-based), before jitter. */
    Duration nominal(int attempt) {
        double millis = retry.initialDelay().toMillis() * Math.pow(retry.multiplier(), attempt - 1);
        return Duration.ofMillis((long) Math.min(millis, retry.maxDelay().toMillis()));
    }

    /** The delay before the next attempt after {@code attempt} failed ones, or empty when no attempt is left. */
    Optional<Duration> next(int attempt) {
        if (attempt >= retry.maxAttempts()) {
            return Optional.empty();
        }
        long base = nominal(attempt).toMillis();
        double factor = 1 + retry.jitter() * (2 * random.nextDouble() - 1);
        return Optional.of(Duration.ofMillis(Math.round(base * factor)));
    }
}
