package io.leakscan.probe;

final class Plans {

    private Plans() {
    }

    static void check(int requests, int concurrency, double requestsPerSecond) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1: " + requests);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be a positive finite number: " + requestsPerSecond);
        }
    }
}
