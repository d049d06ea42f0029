package io.leakscan.bench;

import io.leakscan.telemetry.parse.GoroutineDump;
import io.leakscan.telemetry.parse.GoroutineTextParser;
import io.leakscan.telemetry.parse.HeapProfile;
import io.leakscan.telemetry.parse.HeapTextParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parse time and allocation of the text profiles at scale. Inputs are built from the real captured fixtures: their
 * stack groups / goroutine blocks / heap records replicated with adjusted counts and ids, so every line is one the
 * Go runtime really printed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class TelemetryParsersBenchmark {

    static final Instant AT = Instant.EPOCH;

    byte[] goroutineDebug1;   // 100k goroutines in 1k groups
    byte[] goroutineDebug2;   // 10k goroutines
    byte[] heapDebug1;        // about 1 MB

    @Setup
    public void setup() throws IOException {
        Path dir = Path.of(System.getProperty("fixtures", "../../engine/src/test/resources/fixtures/go"));
        goroutineDebug1 = debug1(dir, 1000, 100);
        goroutineDebug2 = debug2(dir, 10_000);
        heapDebug1 = heap(dir, 1 << 20);
        // fail fast on a bad input rather than measuring failures
        int total = GoroutineTextParser.DEFAULT.parseDebug1(new ByteArrayInputStream(goroutineDebug1), AT)
                .orThrow().profile().total();
        int n = GoroutineTextParser.DEFAULT.parseDebug2(new ByteArrayInputStream(goroutineDebug2), AT)
                .orThrow().goroutines().size();
        HeapTextParser.DEFAULT.parse(new ByteArrayInputStream(heapDebug1), AT).orThrow();
        if (total != 100_000 || n != 10_000) {
            throw new IllegalStateException("generated inputs are wrong: " + total + ", " + n);
        }
        System.out.printf("%ninputs: debug=1 %d bytes, debug=2 %d bytes, heap %d bytes%n",
                goroutineDebug1.length, goroutineDebug2.length, heapDebug1.length);
    }

    @Benchmark
    public GoroutineDump goroutineDebug1_100kGoroutines1kGroups() {
        return GoroutineTextParser.DEFAULT.parseDebug1(new ByteArrayInputStream(goroutineDebug1), AT).orThrow();
    }

    @Benchmark
    public GoroutineDump goroutineDebug2_10kGoroutines() {
        return GoroutineTextParser.DEFAULT.parseDebug2(new ByteArrayInputStream(goroutineDebug2), AT).orThrow();
    }

    @Benchmark
    public HeapProfile heapDebug1_1MB() {
        return HeapTextParser.DEFAULT.parse(new ByteArrayInputStream(heapDebug1), AT).orThrow();
    }

    static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    /** Real debug=1 groups from several captures, cycled to {@code groups} groups of {@code each} goroutines. */
    static byte[] debug1(Path dir, int groups, int each) throws IOException {
        List<String> blocks = new ArrayList<>();
        for (String f : List.of("goroutine-debug1-chan-block-leaky-500-requests.txt",
                "goroutine-debug1-brief-middleware-leaky.txt", "goroutine-debug1-admin-group-leaky.txt",
                "tcap/goroutine-debug1.txt")) {
            String text = read(dir, f);
            for (String b : text.substring(text.indexOf('\n') + 1).split("\n\n")) {
                if (!b.isBlank()) {
                    blocks.add(b.substring(b.indexOf(" @")));
                }
            }
        }
        StringBuilder sb = new StringBuilder("goroutine profile: total " + (groups * each) + "\n");
        for (int i = 0; i < groups; i++) {
            sb.append(each).append(blocks.get(i % blocks.size())).append("\n\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Real debug=2 goroutine blocks cycled to {@code n} goroutines with fresh ids. */
    static byte[] debug2(Path dir, int n) throws IOException {
        List<String> blocks = new ArrayList<>();
        for (String f : List.of("goroutine-debug2-chan-block-leaky-500-requests.txt",
                "goroutine-debug2-brief-middleware-leaky.txt", "tcap/goroutine-debug2.txt")) {
            for (String b : read(dir, f).split("\n\n")) {
                if (b.startsWith("goroutine ")) {
                    blocks.add(b.substring(b.indexOf(" [")));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("goroutine ").append(i + 1).append(blocks.get(i % blocks.size()).stripTrailing()).append("\n\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Real heap records replicated to about {@code size} bytes, header totals recomputed, real MemStats block. */
    static byte[] heap(Path dir, int size) throws IOException {
        String text = read(dir, "heap-debug1-gc1-heap-slice-leaky.txt");
        int ms = text.indexOf("# runtime.MemStats");
        String body = text.substring(text.indexOf('\n') + 1, ms);
        String rate = text.substring(text.indexOf("@ heap/"), text.indexOf('\n'));
        List<String> records = new ArrayList<>();
        for (String r : body.split("\n(?=\\d)")) {
            if (!r.isBlank()) {
                records.add(r.strip());
            }
        }
        long[] t = new long[4];
        StringBuilder recs = new StringBuilder();
        for (int i = 0; recs.length() < size; i++) {
            String r = records.get(i % records.size());
            String head = r.substring(0, r.indexOf(" @"));
            String[] p = head.replace("[", "").replace("]", "").replace(":", "").trim().split(" +");
            for (int k = 0; k < 4; k++) {
                t[k] += Long.parseLong(p[k]);
            }
            recs.append(r).append('\n');
        }
        String header = "heap profile: " + t[0] + ": " + t[1] + " [" + t[2] + ": " + t[3] + "] " + rate + "\n";
        return (header + recs + "\n" + text.substring(ms)).getBytes(StandardCharsets.UTF_8);
    }
}
