package io.leakscan.cli;

import io.leakscan.probe.ProfileOverrides;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The profile's parameters a config file may set, named and bounded as the API's {@code tuning} (docs/profiles.md),
 * so a file that works locally also works with {@code --server}. Null keeps the profile's value.
 */
record Tuning(Integer baselineSeconds, Integer loadRounds, Integer requestsPerRound, Integer concurrency,
              Integer requestsPerSecond, Integer settleSeconds, Integer abortRequests, Integer abortAfterMillis,
              Integer keyRequests) {

    static final Tuning NONE = new Tuning(null, null, null, null, null, null, null, null, null);

    /** Each key with its smallest and largest value, the API's bounds. */
    static final Map<String, int[]> BOUNDS = bounds();

    private static Map<String, int[]> bounds() {
        Map<String, int[]> b = new LinkedHashMap<>();
        b.put("baselineSeconds", new int[] {0, 600});
        b.put("loadRounds", new int[] {1, 50});
        b.put("requestsPerRound", new int[] {1, 100_000});
        b.put("concurrency", new int[] {1, 1_000});
        b.put("requestsPerSecond", new int[] {1, 100_000});
        b.put("settleSeconds", new int[] {0, 600});
        b.put("abortRequests", new int[] {0, 100_000});
        b.put("abortAfterMillis", new int[] {1, 60_000});
        b.put("keyRequests", new int[] {0, 100_000});
        return Collections.unmodifiableMap(b); // in order: errors list the keys
    }

    /** From values by key; absent keys stay null. */
    static Tuning of(Map<String, Integer> v) {
        return new Tuning(v.get("baselineSeconds"), v.get("loadRounds"), v.get("requestsPerRound"),
                v.get("concurrency"), v.get("requestsPerSecond"), v.get("settleSeconds"), v.get("abortRequests"),
                v.get("abortAfterMillis"), v.get("keyRequests"));
    }

    /** The set values by their API names, in the API's order. */
    Map<String, Integer> values() {
        Map<String, Integer> m = new LinkedHashMap<>();
        Integer[] all = {baselineSeconds, loadRounds, requestsPerRound, concurrency, requestsPerSecond, settleSeconds,
                abortRequests, abortAfterMillis, keyRequests};
        String[] names = {"baselineSeconds", "loadRounds", "requestsPerRound", "concurrency", "requestsPerSecond",
                "settleSeconds", "abortRequests", "abortAfterMillis", "keyRequests"};
        for (int i = 0; i < all.length; i++) {
            if (all[i] != null) {
                m.put(names[i], all[i]);
            }
        }
        return m;
    }

    /** As the engine takes them; the same mapping as the service's {@code ScanTuning}. */
    ProfileOverrides overrides() {
        return new ProfileOverrides(seconds(baselineSeconds), loadRounds, requestsPerRound, concurrency,
                requestsPerSecond == null ? null : requestsPerSecond.doubleValue(), null, seconds(settleSeconds),
                abortRequests, null, abortAfterMillis == null ? null : Duration.ofMillis(abortAfterMillis),
                keyRequests, null);
    }

    private static Duration seconds(Integer s) {
        return s == null ? null : Duration.ofSeconds(s);
    }
}
