package io.leakscan.telemetry.parse;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.leakscan.telemetry.parse.GoroutineTextParserTest.in;
import static org.assertj.core.api.Assertions.assertThat;

class MetricsParserTest {

    final MetricsParser parser = MetricsParser.DEFAULT;

    @Test
    void prometheusTextFixture() {
        MetricsScrape m = parser.parse(Fixtures.stream("tcap/metrics-prometheus.txt")).orThrow();
        assertThat(m.format()).isEqualTo(MetricsScrape.Format.PROMETHEUS_TEXT);
        assertThat(m.value("go_goroutines").getAsDouble()).isEqualTo(35);
        assertThat(m.value("go_memstats_heap_alloc_bytes")).isPresent();
        assertThat(m.value("go_memstats_heap_inuse_bytes")).isPresent();
        assertThat(m.value("go_memstats_heap_objects")).isPresent();
        assertThat(m.value("go_gc_duration_seconds_count")).isPresent();
        assertThat(m.value("process_open_fds").getAsDouble()).isEqualTo(18);
        assertThat(m.value("process_resident_memory_bytes").getAsDouble()).isEqualTo(1.497088e+07);
        assertThat(m.value("process_start_time_seconds").getAsDouble()).isEqualTo(1.79597043442e+09);
        assertThat(m.types()).containsEntry("go_gc_duration_seconds", "summary");
        assertThat(m.samples()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("capture_request_duration_seconds_sum");
            assertThat(s.labels()).isEqualTo(Map.of("path", "/a\"b\\c\nd"));
        });
        assertThat(m.samples()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("go_info");
            assertThat(s.labels().get("version")).startsWith("go1.26");
        });
    }

    @Test
    void openMetricsFixtureWithExemplarsAndEof() {
        MetricsScrape m = parser.parse(Fixtures.stream("tcap/metrics-openmetrics.txt")).orThrow();
        assertThat(m.format()).isEqualTo(MetricsScrape.Format.OPENMETRICS);
        assertThat(m.value("go_goroutines")).isPresent();
        assertThat(m.value("process_start_time_seconds")).isPresent();
        assertThat(m.value("go_gc_duration_seconds_count")).isPresent();
        assertThat(m.samples()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("capture_requests_total");
            assertThat(s.value()).isEqualTo(3);
        });
    }

    @Test
    void runtimeMetricsNamesFixture() {
        MetricsScrape m = parser.parse(Fixtures.stream("tcap/metrics-prometheus-runtime-all.txt")).orThrow();
        assertThat(m.value("go_sched_goroutines_goroutines")).isPresent();
        assertThat(m.value("go_gc_heap_objects_objects")).isPresent();
        assertThat(m.value("go_gc_cycles_total_gc_cycles_total")).isPresent();
    }

    @Test
    void specialValuesTimestampsAndQuotedNames() {
        String s = "# HELP a An \\\"a\\\".\n# TYPE a gauge\na NaN\nb{x=\"1\",} +Inf 1700000000000\nc -Inf\n"
                + "{\"my.metric\", l=\"v\"} 2.5\nd 1e400\n";
        MetricsScrape m = parser.parse(in(s)).orThrow();
        assertThat(m.value("a").getAsDouble()).isNaN();
        assertThat(m.samples().get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(m.samples().get(1).timestampMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(m.value("c").getAsDouble()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(m.samples().get(3).name()).isEqualTo("my.metric");
        assertThat(m.value("d").getAsDouble()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void openMetricsTimestampsAreSeconds() {
        MetricsScrape m = parser.parse(in("a_total 1 1700000000.5\n# EOF\n")).orThrow();
        assertThat(m.samples().getFirst().timestampMillis()).isEqualTo(1_700_000_000_500L);
    }

    @Test
    void contentAfterEofAndMissingEofAreFailures() {
        assertThat(parser.parse(in("a 1\n# EOF\nb 2\n")).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.MALFORMED);
        assertThat(parser.parse(in("a_bucket{le=\"1\"} 1 # {t=\"x\"} 0.5\n")).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TRUNCATED);
    }

    @Test
    void malformedLinesFailWithTheirLineNumber() {
        for (String bad : new String[]{"a{x=\"1} 1\n", "a{x=1} 1\n", "a 0x1p3\n", "a\n", "9a 1\n", "a 1 2 3\n",
                "a{x=\"\\q\"} 1\n", "a{x=\"1\",x=\"2\"} 1\n"}) {
            var r = parser.parse(in("ok 1\n" + bad));
            assertThat(r.failureIfAny()).as(bad).get().satisfies(f -> {
                assertThat(f.kind()).isEqualTo(ParseFailure.Kind.MALFORMED);
                assertThat(f.line()).isEqualTo(2);
            });
        }
    }
}
