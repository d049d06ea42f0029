package io.leakscan.telemetry.parse;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.leakscan.telemetry.parse.GoroutineTextParserTest.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonParsersTest {

    @Test
    void expvarFixture() {
        ExpvarVars v = ExpvarParser.DEFAULT.parse(Fixtures.stream("tcap/expvar.json")).orThrow();
        assertThat(v.cmdline()).containsExactly("./tcap");
        assertThat(v.memstat("HeapAlloc").getAsDouble()).isGreaterThan(200 * 64 * 1024);
        assertThat(v.memstats()).containsKeys("HeapInuse", "HeapObjects", "NumGC", "Sys", "EnableGC");
        assertThat(v.memstats()).doesNotContainKeys("PauseNs", "BySize");
    }

    @Test
    void expvarWrongTypes() {
        for (String bad : new String[]{"[1,2]", "{\"memstats\":\"x\"}", "{\"memstats\":{\"HeapAlloc\":\"12\"}}",
                "{\"cmdline\":[1]}", "{\"other\":1}", "{\"memstats\":{\"HeapAlloc\":1e400}}"}) {
            assertThat(ExpvarParser.DEFAULT.parse(in(bad)).failureIfAny()).as(bad).get()
                    .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.WRONG_TYPE);
        }
    }

    @Test
    void briefMemoryShapeThroughPointers() {
        JsonPointerParser p = new JsonPointerParser(ParseLimits.DEFAULT, List.of("/HeapAlloc", "/HeapSys", "/Missing"));
        Map<String, Double> v = p.parse(Fixtures.stream("tcap/health-memory.json")).orThrow();
        assertThat(v).containsOnlyKeys("/HeapAlloc", "/HeapSys");
        String body = Fixtures.text("tcap/health-memory.json");
        assertThat(body).contains("\"HeapAlloc\":" + v.get("/HeapAlloc").longValue());
    }

    @Test
    void nestedPointersWithEscapesAndArrays() {
        JsonPointerParser p = new JsonPointerParser(ParseLimits.DEFAULT,
                List.of("/runtime/heap~1after_gc", "/list/1/n", "/a~0b"));
        Map<String, Double> v = p.parse(in("{\"x\":[{\"y\":1}],\"runtime\":{\"heap/after_gc\":42},"
                + "\"list\":[{\"n\":1},{\"n\":2}],\"a~b\":7}")).orThrow();
        assertThat(v).isEqualTo(Map.of("/runtime/heap~1after_gc", 42.0, "/list/1/n", 2.0, "/a~0b", 7.0));
    }

    @Test
    void pointerToAStringIsWrongType() {
        JsonPointerParser p = new JsonPointerParser(ParseLimits.DEFAULT, List.of("/HeapAlloc"));
        assertThat(p.parse(in("{\"HeapAlloc\":\"12 MB\"}")).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.WRONG_TYPE);
    }

    @Test
    void invalidPointerIsAConfigurationError() {
        assertThatThrownBy(() -> new JsonPointerParser(ParseLimits.DEFAULT, List.of("HeapAlloc")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deepNestingLongNumbersAndTrailingGarbage() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonPointerParser p = new JsonPointerParser(ParseLimits.DEFAULT, List.of("/a"));
        assertThat(p.parse(in(deep)).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TOO_LARGE);
        assertThat(ExpvarParser.DEFAULT.parse(in("{\"memstats\":" + "{\"a\":".repeat(1000) + "1" + "}".repeat(1001)))
                .failureIfAny()).get().extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TOO_LARGE);
        assertThat(p.parse(in("{\"a\":" + "9".repeat(1000) + "}")).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TOO_LARGE);
        assertThat(p.parse(in("{\"a\":1} {")).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.MALFORMED);
        assertThat(p.parse(in("{\"a\":1")).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TRUNCATED);
    }
}
