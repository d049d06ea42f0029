package io.leakscan.telemetry.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/** Real Go outputs under src/test/resources/fixtures/go (see VERSIONS.txt there). */
public final class Fixtures {

    /** Captured by the lab's capture-fixtures.sh from the Echo lab apps (copied verbatim, see VERSIONS.txt). */
    public static final List<String> LAB = List.of(
            "expvar-chan-block-leaky.json", "expvar-heap-slice-leaky.json",
            "goroutine-debug0-brief-middleware-leaky.pb.gz", "goroutine-debug1-admin-group-leaky.txt",
            "goroutine-debug1-brief-middleware-leaky.txt", "goroutine-debug1-chan-block-leaky-500-requests.txt",
            "goroutine-debug2-brief-middleware-leaky.txt", "goroutine-debug2-chan-block-leaky-500-requests.txt",
            "goroutineleak-debug1-admin-group-leaky.txt", "goroutineleak-debug2-admin-group-leaky.txt",
            "health-memory-brief-middleware-leaky.json", "health-memory-heap-slice-leaky.json",
            "heap-debug0-heap-slice-leaky.pb.gz", "heap-debug1-gc1-heap-slice-leaky.txt",
            "metrics-echoprometheus-xff-limiter-leaky.txt", "metrics-openmetrics-http-client-leaky.txt",
            "metrics-text-http-client-leaky.txt", "expvar-expvar-heap-leaky.json",
            "metrics-text-default-registry-prom-heap-leaky.txt", "metrics-text-runtime-metrics-prom-registry-leaky.txt");

    /** Captured from a throwaway Go program with more kinds of blocked goroutines (see tcap/VERSIONS.txt). */
    public static final List<String> TCAP = List.of(
            "tcap/goroutine-debug1.txt", "tcap/goroutine-debug1-later.txt", "tcap/goroutine-debug2.txt",
            "tcap/goroutine-debug2-minutes.txt", "tcap/goroutineleak-debug1.txt", "tcap/goroutine.pb.gz",
            "tcap/heap-debug1.txt", "tcap/heap.pb.gz", "tcap/expvar.json", "tcap/metrics-prometheus.txt",
            "tcap/metrics-openmetrics.txt", "tcap/metrics-prometheus-runtime-all.txt", "tcap/health-memory.json");

    /**
     * Captured by lab/go127/capture-fixtures.sh from the Go 1.27 lab app leakprofile-leaky, which serves
     * goroutineleak without a GOEXPERIMENT (see go1.27/VERSIONS.txt).
     */
    public static final List<String> GO127 = List.of(
            "go1.27/goroutineleak-debug0-leakprofile-leaky.pb.gz", "go1.27/goroutineleak-debug1-leakprofile-leaky.txt",
            "go1.27/goroutineleak-debug2-leakprofile-leaky.txt", "go1.27/goroutine-debug1-leakprofile-leaky.txt",
            "go1.27/goroutine-debug2-leakprofile-leaky.txt");

    public static final List<String> ALL = Stream.of(TCAP, LAB, GO127).flatMap(List::stream).toList();

    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/go/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InputStream stream(String name) {
        return new ByteArrayInputStream(bytes(name));
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
