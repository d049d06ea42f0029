package io.leakscan.telemetry.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Real Go outputs under src/test/resources/fixtures/go (see VERSIONS.txt there). */
public final class Fixtures {

    public static final List<String> ALL = List.of(
            "goroutine-debug1.txt", "goroutine-debug1-later.txt", "goroutine-debug2.txt",
            "goroutine-debug2-minutes.txt", "goroutineleak-debug1.txt", "goroutine.pb.gz", "heap-debug1.txt",
            "heap.pb.gz", "expvar.json", "metrics-prometheus.txt", "metrics-openmetrics.txt",
            "metrics-prometheus-runtime-all.txt", "health-memory.json");

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
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }
}
