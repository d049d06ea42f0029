package io.leakscan.telemetry.parse;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.leakscan.telemetry.parse.GoroutineTextParserTest.in;
import static org.assertj.core.api.Assertions.assertThat;

class HeapTextParserTest {

    final HeapTextParser parser = HeapTextParser.DEFAULT;
    final Instant at = Instant.parse("2026-11-29T16:40:00Z");

    @Test
    void fixtureHeaderRecordsAndMemStats() {
        HeapProfile h = parser.parse(Fixtures.stream("tcap/heap-debug1.txt"), at).orThrow();
        String header = Fixtures.text("tcap/heap-debug1.txt").lines().findFirst().orElseThrow();
        assertThat(header).startsWith("heap profile: " + h.inuseObjects() + ": " + h.inuseBytes() + " [");
        assertThat(h.samplingRate()).isEqualTo(1048576);
        assertThat(h.records()).isNotEmpty();
        assertThat(h.records().stream().mapToLong(HeapProfile.Record::inuseBytes).sum()).isEqualTo(h.inuseBytes());
        // the 200 x 64 KiB retained slices are the largest in-use site, allocated in main.main
        assertThat(h.records().getFirst().frames()).anyMatch(f -> f.function().equals("main.main"));
        assertThat(h.memStat("HeapAlloc")).isPresent();
        assertThat(h.memStat("HeapAlloc").getAsDouble()).isGreaterThan(200 * 64 * 1024);
        assertThat(h.memStats()).containsKeys("HeapInuse", "HeapObjects", "NumGC", "NumForcedGC", "GCCPUFraction",
                "StackInuse", "StackSys", "MSpanInuse", "MSpanSys", "MCacheInuse", "MCacheSys", "MaxRSS", "DebugGC");
        assertThat(h.memStat("NumForcedGC").getAsDouble()).isGreaterThanOrEqualTo(1); // gc=1 forced one
        assertThat(h.memStatsArrays().get("PauseNs")).hasSize(256);
        assertThat(h.memStatsArrays().get("PauseEnd")).hasSize(256);
    }

    @Test
    void crlfParsesTheSame() {
        HeapProfile lf = parser.parse(Fixtures.stream("tcap/heap-debug1.txt"), at).orThrow();
        HeapProfile crlf = parser.parse(in(Fixtures.text("tcap/heap-debug1.txt").replace("\n", "\r\n")), at).orThrow();
        assertThat(crlf).isEqualTo(lf);
    }

    @Test
    void missingMemStatsMeansTruncated() {
        String text = Fixtures.text("tcap/heap-debug1.txt");
        String cut = text.substring(0, text.indexOf("# runtime.MemStats"));
        assertThat(parser.parse(in(cut), at).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TRUNCATED);
    }

    @Test
    void recordsThatDoNotAddUpAreMalformed() {
        String s = "heap profile: 5: 100 [5: 100] @ heap/1048576\n1: 10 [1: 10] @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go:1\n\n"
                + "# runtime.MemStats\n# HeapAlloc = 10\n";
        assertThat(parser.parse(in(s), at).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.MALFORMED);
    }

    @Test
    void hugeNumbers() {
        String over = "heap profile: 99999999999999999999: 1 [1: 1] @ heap/1\n";
        assertThat(parser.parse(in(over), at).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.WRONG_TYPE);
        String inf = "heap profile: 0: 0 [0: 0] @ heap/1\n\n# runtime.MemStats\n# HeapAlloc = 1e400\n";
        assertThat(parser.parse(in(inf), at).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.WRONG_TYPE);
        // uint64 MemStats beyond Long.MAX_VALUE are legal (e.g. a huge NextGC) and kept as doubles
        String big = "heap profile: 0: 0 [0: 0] @ heap/1\n\n# runtime.MemStats\n# NextGC = 18446744073709551615\n";
        assertThat(parser.parse(in(big), at).orThrow().memStat("NextGC").getAsDouble()).isEqualTo(1.8446744073709552E19);
    }
}
