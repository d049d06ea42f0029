package io.leakscan.report;

import io.leakscan.analysis.LatencyPercentiles;
import io.leakscan.target.EndpointRef;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the scan sent to one endpoint and what came back.
 *
 * @param endpoint        the endpoint as the user named it
 * @param rounds          load rounds run
 * @param requests        requests sent (load, aborts and key-cardinality probes together)
 * @param statusHistogram HTTP status code to number of responses, codes in ascending order
 * @param errors          requests without a response, by cause ({@code timeout}, {@code connection refused},
 *                        {@code aborted by scanner}), causes in alphabetical order
 * @param latencyMs       latency percentiles, null when no request completed
 * @param checks          the checks and whether each could run, in {@link Check} order
 */
public record EndpointStats(EndpointRef endpoint, int rounds, long requests, Map<String, Long> statusHistogram,
                            Map<String, Long> errors, LatencyPercentiles latencyMs, List<CheckRun> checks) {

    public EndpointStats {
        Objects.requireNonNull(endpoint, "endpoint");
        if (rounds < 0 || requests < 0) {
            throw new IllegalArgumentException(endpoint + ": rounds and requests cannot be negative");
        }
        // Sorted copies: the same scan renders to the same bytes whatever map the caller built.
        statusHistogram = sortedCopy(statusHistogram);
        statusHistogram.keySet().forEach(code -> {
            if (!code.matches("[1-5][0-9][0-9]")) {
                throw new IllegalArgumentException(endpoint + ": not an HTTP status code: " + code);
            }
        });
        errors = sortedCopy(errors);
        checks = checks.stream().sorted(Comparator.comparing(CheckRun::check)).toList();
        if (checks.stream().map(CheckRun::check).distinct().count() != checks.size()) {
            throw new IllegalArgumentException(endpoint + ": a check is listed twice");
        }
    }

    /** Requests that got a response or failed, summed from the histogram and the errors. */
    public long responses() {
        return statusHistogram.values().stream().mapToLong(Long::longValue).sum();
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> sortedCopy(Map<String, Long> in) {
        if (in == null) {
            return Map.of();
        }
        Map<String, Long> sorted = new TreeMap<>();
        in.forEach((k, v) -> {
            if (v == null || v < 0) {
                throw new IllegalArgumentException("count for " + k + " must be a non-negative number: " + v);
            }
            sorted.put(k, v);
        });
        return Collections.unmodifiableMap(sorted);
    }
}
