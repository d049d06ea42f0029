package io.leakscan.probe;

/**
 * One load round: {@code requests} requests at up to {@code concurrency} in flight, paced at {@code requestsPerSecond}.
 * The session clamps concurrency and rate to its limits.
 */
public record LoadPlan(int requests, int concurrency, double requestsPerSecond) {

    public LoadPlan {
        Plans.check(requests, concurrency, requestsPerSecond);
    }
}
