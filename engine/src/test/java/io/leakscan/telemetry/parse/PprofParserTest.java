package io.leakscan.telemetry.parse;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class PprofParserTest {

    final Instant at = Instant.parse("2026-11-29T16:40:00Z");

    @Test
    void binaryGoroutineProfileMatchesTheTextOne() {
        GoroutineProfile bin = PprofParser.DEFAULT.parseGoroutine(Fixtures.stream("tcap/goroutine.pb.gz"), at).orThrow().profile();
        GoroutineProfile text = GoroutineTextParser.DEFAULT.parseDebug1(Fixtures.stream("tcap/goroutine-debug1.txt"), at)
                .orThrow().profile();
        // captured a moment apart from the same process: the leaked groups are identical
        StackGroup select = GoroutineTextParserTest.groupWith(bin, "main.leakSelect.func1");
        assertThat(select.count()).isEqualTo(7);
        // debug=1 text hides the runtime's own frames at the top (gopark, selectgo); the binary keeps them
        assertThat(select.frames()).endsWith(GoroutineTextParserTest.groupWith(text, "main.leakSelect.func1")
                .frames().toArray(new Frame[0]));
        assertThat(select.frames().getFirst().function()).isEqualTo("runtime.gopark");
        StackGroup labeled = GoroutineTextParserTest.groupWith(bin, "main.leakLabeled.func1");
        assertThat(labeled.labels()).isEqualTo(Map.of("handler", "/api/stream", "tenant", "a\"b\\c"));
        assertThat(bin.total()).isBetween(text.total() - 2, text.total() + 2);
    }

    @Test
    void binaryHeapProfileHasTheFourColumns() {
        PprofProfile p = PprofParser.DEFAULT.parse(Fixtures.stream("tcap/heap.pb.gz")).orThrow();
        assertThat(p.sampleTypes()).extracting(PprofProfile.ValueType::type)
                .containsExactly("alloc_objects", "alloc_space", "inuse_objects", "inuse_space");
        assertThat(p.periodType().type()).isEqualTo("space");
        assertThat(p.period()).isEqualTo(512 * 1024);
        HeapProfile h = PprofParser.DEFAULT.parseHeap(Fixtures.stream("tcap/heap.pb.gz"), at).orThrow();
        // 200 x 64 KiB slices retained: the scaled estimate is in that region
        assertThat(h.inuseBytes()).isGreaterThan(10L << 20);
        assertThat(h.records().getFirst().frames()).anyMatch(f -> f.function().equals("main.main"));
    }

    @Test
    void goroutineConversionRefusesAHeapProfile() {
        var r = PprofParser.DEFAULT.parseGoroutine(Fixtures.stream("tcap/heap.pb.gz"), at);
        assertThat(r.failureIfAny()).get().extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.WRONG_TYPE);
    }

    @Test
    void uncompressedProtoIsAccepted() throws IOException {
        byte[] raw = Bodies.gunzipBounded(Fixtures.bytes("tcap/goroutine.pb.gz"), 1 << 20);
        assertThat(PprofParser.DEFAULT.parseGoroutine(new ByteArrayInputStream(raw), at).isParsed()).isTrue();
    }

    @Test
    void gzipBombStopsAtTheDecompressedCap() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 32; i++) {
                gz.write(zeros);
            }
        }
        assertThat(bos.size()).isLessThan(100_000);
        PprofParser small = new PprofParser(new ParseLimits(4 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 16, 32));
        assertThat(small.parse(new ByteArrayInputStream(bos.toByteArray())).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TOO_LARGE);
    }

    @Test
    void lengthClaimingAGigabyteIsTruncatedNotAllocated() {
        // field 6 (string table), wire type 2, length varint 1_073_741_824
        byte[] claim = {0x32, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04, 'a'};
        assertThat(PprofParser.DEFAULT.parse(new ByteArrayInputStream(claim)).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TRUNCATED);
    }

    @Test
    void overlongVarintAndDanglingReferencesAreMalformed() {
        byte[] varint = {0x08, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        assertThat(PprofParser.DEFAULT.parse(new ByteArrayInputStream(varint)).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.MALFORMED);
        // string table "", one sample type (0,0), one sample pointing at location 7 which does not exist
        byte[] dangling = {0x32, 0x00, 0x0a, 0x04, 0x08, 0x00, 0x10, 0x00, 0x12, 0x05, 0x0a, 0x01, 0x07, 0x10, 0x01};
        var r = PprofParser.DEFAULT.parse(new ByteArrayInputStream(dangling));
        assertThat(r.failureIfAny()).get().extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.MALFORMED);
    }
}
