package io.leakscan.telemetry.parse;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every parser is total: truncations, random bytes, endless streams, bad encodings. Nothing may escape. */
class HostileInputTest {

    static final Instant AT = Instant.EPOCH;

    record P(String name, Function<InputStream, ParseResult<?>> parse) {
    }

    static final JsonPointerParser MEMORY = new JsonPointerParser(ParseLimits.DEFAULT, List.of("/HeapAlloc"));

    static final List<P> PARSERS = List.of(
            new P("goroutine-debug1", in -> GoroutineTextParser.DEFAULT.parseDebug1(in, AT)),
            new P("goroutine-debug2", in -> GoroutineTextParser.DEFAULT.parseDebug2(in, AT)),
            new P("heap-debug1", in -> HeapTextParser.DEFAULT.parse(in, AT)),
            new P("pprof", PprofParser.DEFAULT::parse),
            new P("metrics", MetricsParser.DEFAULT::parse),
            new P("expvar", ExpvarParser.DEFAULT::parse),
            new P("memory-json", MEMORY::parse));

    static P parserFor(String path) {
        String fixture = path.substring(path.lastIndexOf('/') + 1);
        String n = fixture.endsWith(".pb.gz") ? "pprof"
                : fixture.startsWith("goroutine-debug2") || fixture.startsWith("goroutineleak-debug2") ? "goroutine-debug2"
                : fixture.startsWith("goroutine") ? "goroutine-debug1"
                : fixture.startsWith("heap") ? "heap-debug1"
                : fixture.startsWith("metrics") ? "metrics"
                : fixture.startsWith("expvar") ? "expvar" : "memory-json";
        return PARSERS.stream().filter(p -> p.name().equals(n)).findFirst().orElseThrow();
    }

    static ParseResult<?> run(P p, byte[] data) {
        return p.parse().apply(new ByteArrayInputStream(data));
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureParsesWhole() {
        return Fixtures.ALL.stream().map(f -> DynamicTest.dynamicTest(f, () ->
                assertThat(run(parserFor(f), Fixtures.bytes(f)).failureIfAny()).as(f).isEmpty()));
    }

    /** Cut each fixture at ~300 points: a parser must fail cleanly or return what the whole body would have. */
    @TestFactory
    Stream<DynamicTest> truncationAtEveryStep() {
        return Fixtures.ALL.stream().map(f -> DynamicTest.dynamicTest(f, () -> {
            byte[] whole = Fixtures.bytes(f);
            P p = parserFor(f);
            Object full = run(p, whole).orThrow();
            int step = Math.max(1, whole.length / 300);
            for (int n = 0; n < whole.length; n += step) {
                ParseResult<?> r = run(p, Arrays.copyOf(whole, n));
                assertThat(r).as(f + " cut at " + n).isNotNull();
                if (r.isParsed()) {
                    boolean restIsBlank = new String(whole, n, whole.length - n).isBlank();
                    switch (p.name()) {
                        // a count check against the header or a gzip trailer / JSON close catches every cut
                        case "goroutine-debug1", "pprof", "expvar", "memory-json" ->
                                assertThat(restIsBlank || r.orThrow().equals(full)).as(f + " cut at " + n).isTrue();
                        // debug=2, MemStats lines and Prometheus samples can end on a clean line: fewer items, never wrong ones
                        default -> assertThat(whole[n - 1]).as(f + " cut at " + n).isEqualTo((byte) '\n');
                    }
                }
            }
        }));
    }

    @Test
    void randomBytesNeverEscape() {
        Random rnd = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[rnd.nextInt(4096)];
            rnd.nextBytes(b);
            for (P p : PARSERS) {
                assertThat(run(p, b).isParsed()).as(p.name()).isFalse();
            }
        }
    }

    @Test
    void mutatedFixturesNeverEscape() {
        Random rnd = new Random(7);
        for (String f : Fixtures.ALL) {
            byte[] whole = Fixtures.bytes(f);
            P p = parserFor(f);
            for (int i = 0; i < 60; i++) {
                byte[] b = whole.clone();
                for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                assertThat(run(p, b)).as(f).isNotNull();
            }
        }
    }

    /** A stream that never ends (a 1 GB Content-Length, or a server that keeps writing) hits the cap. */
    @Test
    void endlessStreamsStopAtTheCap() {
        for (P p : PARSERS) {
            InputStream endless = new InputStream() {
                final byte[] pattern = "1 @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go:1\n\n".getBytes();
                long n;

                @Override
                public int read() {
                    return pattern[(int) (n++ % pattern.length)];
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    for (int i = 0; i < len; i++) {
                        b[off + i] = pattern[(int) (n++ % pattern.length)];
                    }
                    return len;
                }
            };
            ParseResult<?> r = p.parse().apply(endless);
            assertThat(r.failureIfAny()).as(p.name()).get()
                    .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TOO_LARGE);
        }
    }

    @Test
    void readErrorsAreIoErrors() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        for (P p : PARSERS) {
            assertThat(p.parse().apply(broken).failureIfAny()).as(p.name()).get()
                    .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.IO_ERROR);
        }
    }

    @Test
    void invalidUtf8IsReported() {
        for (String f : List.of("tcap/goroutine-debug1.txt", "tcap/goroutine-debug2.txt", "tcap/heap-debug1.txt",
                "tcap/metrics-prometheus.txt", "tcap/expvar.json", "tcap/health-memory.json")) {
            byte[] b = Fixtures.bytes(f);
            b[b.length / 2] = (byte) 0xc3;
            b[b.length / 2 + 1] = (byte) 0x28; // 0xc3 needs a continuation byte
            assertThat(run(parserFor(f), b).failureIfAny()).as(f).get()
                    .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.INVALID_ENCODING);
        }
    }

    @Test
    void overlongLinesAreRefused() {
        byte[] line = ("goroutine profile: total 1\n1 @ " + "0x1 ".repeat(400_000) + "\n").getBytes();
        assertThat(GoroutineTextParser.DEFAULT.parseDebug1(new ByteArrayInputStream(line), AT).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.MALFORMED);
    }

    @Test
    void utf8ValidatorAgreesWithTheJdk() {
        Random rnd = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(12)];
            rnd.nextBytes(b);
            boolean jdk;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
                jdk = true;
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            assertThat(Utf8.firstInvalid(b, 0, b.length) < 0).as(Arrays.toString(b)).isEqualTo(jdk);
        }
    }
}
