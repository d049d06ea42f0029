package io.leakscan.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario in every format against a checked-in golden file, with the scan id and all instants normalized. Each
 * run uses a fresh random id and the current time, so a pass also proves the output depends on nothing else.
 *
 * <p>After an intended change of output, regenerate with
 * {@code ./mvnw test -Dtest=GoldenReportTest -Dleakscan.updateGoldens=true} and review the diff.
 */
class GoldenReportTest {

    static final Path GOLDEN = Path.of("src/test/resources/report/golden");
    static final boolean UPDATE = Boolean.getBoolean("leakscan.updateGoldens");

    static Stream<Arguments> cases() {
        return ReportFixtures.SCENARIOS.stream()
                .flatMap(s -> Stream.of(ReportFormat.values()).map(f -> Arguments.of(s, f)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void matchesGolden(String scenario, ReportFormat format) throws IOException {
        String id = UUID.randomUUID().toString();
        String actual = normalize(render(scenario, format, id, Instant.now()), id);
        Path golden = GOLDEN.resolve(scenario + "." + format.fileExtension());
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file; regenerate with -Dleakscan.updateGoldens=true").exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void outputDependsOnNothingButTheReport() {
        Instant a = Instant.parse("2026-01-01T00:00:00Z");
        Instant b = Instant.now().truncatedTo(ChronoUnit.MICROS).plusNanos(1_000);
        for (String scenario : ReportFixtures.SCENARIOS) {
            for (ReportFormat format : ReportFormat.values()) {
                String first = normalize(render(scenario, format, "scan-a", a), "scan-a");
                String second = normalize(render(scenario, format, "scan-b", b), "scan-b");
                assertThat(second).as("%s as %s", scenario, format).isEqualTo(first);
                // The same report twice in one JVM renders to the same bytes (no map-order or identity effects).
                assertThat(render(scenario, format, "scan-a", a)).isEqualTo(render(scenario, format, "scan-a", a));
            }
        }
    }

    @Test
    void normalizationReplacesOnlyIdsAndInstants() {
        String in = "scan 1f0c at 2026-11-29T16:45:00.123456Z and 2026-11-29T16:45:00Z, 1f0c again; 16:45 stays";
        assertThat(normalize(in, "1f0c"))
                .isEqualTo("scan {{scan-id}} at {{instant}} and {{instant}}, {{scan-id}} again; 16:45 stays");
    }

    static String render(String scenario, ReportFormat format, String id, Instant start) {
        ScanReport report = ReportFixtures.scenario(scenario, id, start);
        return format.renderToString(report, ReportOptions.defaults());
    }

    static String normalize(String text, String id) {
        return text.replace(id, "{{scan-id}}")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z", "{{instant}}")
                .replace("\r\n", "\n");
    }
}
