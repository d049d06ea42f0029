package io.leakscan.report;

import io.leakscan.analysis.Severity;
import io.leakscan.engine.ScanEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReportTest {

    static final Instant START = Instant.parse("2026-11-29T16:45:00.250Z");

    static Stream<String> scenarios() {
        return ReportFixtures.SCENARIOS.stream();
    }

    static String json(ScanReport r) {
        return ReportFormat.JSON.renderToString(r);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenarioIsValidAgainstTheDocumentedSchema(String scenario) {
        String json = json(ReportFixtures.scenario(scenario, "scan-1", START));
        assertThat(Schemas.validate(Schemas.report(), json)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void readsBackToAnEqualReport(String scenario) {
        ScanReport report = ReportFixtures.scenario(scenario, "scan-1", START);
        ScanReport back = ReportJson.read(new ByteArrayInputStream(json(report).getBytes(StandardCharsets.UTF_8)));
        assertThat(back).isEqualTo(report);
    }

    @Test
    void hostileStringsSurviveTheRoundTripAndTheSchema() {
        ScanReport hostile = HostileReports.hostile(START);
        String json = json(hostile);
        assertThat(Schemas.validate(Schemas.report(), json)).isEmpty();
        assertThat(ReportJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(hostile);
    }

    @Test
    void schemaRejectsWhatTheContractForbids() {
        ObjectNode node = (ObjectNode) ReportJson.mapper().readTree(json(ReportFixtures.middlewareLeaky("s", START)));
        node.put("verdict", "PROBABLY_FINE");
        assertThat(Schemas.validate(Schemas.report(), node.toString())).isNotEmpty();

        ObjectNode missing = (ObjectNode) ReportJson.mapper().readTree(json(ReportFixtures.clean("s", START)));
        missing.remove("findings");
        assertThat(Schemas.validate(Schemas.report(), missing.toString())).isNotEmpty();

        ObjectNode extra = (ObjectNode) ReportJson.mapper().readTree(json(ReportFixtures.clean("s", START)));
        ((ObjectNode) extra.get("scan")).put("headers", "Authorization: Bearer x");
        assertThat(Schemas.validate(Schemas.report(), extra.toString())).isNotEmpty();

        ObjectNode badTime = (ObjectNode) ReportJson.mapper().readTree(json(ReportFixtures.clean("s", START)));
        ((ObjectNode) badTime.get("scan")).put("startedAt", "yesterday");
        assertThat(Schemas.validate(Schemas.report(), badTime.toString())).isNotEmpty();

        ObjectNode completedWithFailure = (ObjectNode) ReportJson.mapper()
                .readTree(json(ReportFixtures.clean("s", START)));
        ((ObjectNode) completedWithFailure.get("scan")).putObject("failure").put("code", "TIMEOUT").put("message", "x");
        assertThat(Schemas.validate(Schemas.report(), completedWithFailure.toString())).isNotEmpty();
    }

    @Test
    void fieldsComeInDeclarationOrderAndInstantsAsIso8601() {
        JsonNode node = ReportJson.mapper().readTree(json(ReportFixtures.streamLeaky("scan-1", START)));
        assertThat(names(node)).containsExactly("schemaVersion", "scan", "telemetry", "endpoints", "series",
                "verdict", "summary", "counts", "findings", "baseline", "inventory");
        assertThat(names(node.get("scan"))).containsExactly("id", "targetBaseUrl", "profile", "echoSpecific",
                "toolVersion", "status", "startedAt", "finishedAt", "durationMs", "failure", "echo");
        assertThat(names(node.get("findings").get(0))).containsExactly("kind", "endpoint", "scope", "severity",
                "confidence", "title", "evidence", "remediation", "cwe");
        assertThat(names(node.get("counts"))).containsExactly("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO");
        assertThat(node.get("scan").get("startedAt").asString()).isEqualTo("2026-11-29T16:45:00.250Z");
        assertThat(node.get("series").get("origin").asString()).isEqualTo("2026-11-29T16:45:00.250Z");
        assertThat(node.get("counts").get("HIGH").asInt()).isEqualTo(2);
    }

    @Test
    void countsAreDerivedFromFindingsAndContradictionsAreRejected() {
        ScanReport r = ReportFixtures.shopHeapAndKeys("s", START);
        assertThat(r.counts()).containsEntry(Severity.HIGH, 2).containsEntry(Severity.LOW, 1)
                .containsEntry(Severity.CRITICAL, 0);
        assertThat(r.findings()).extracting(f -> f.severity())
                .containsExactly(Severity.HIGH, Severity.HIGH, Severity.LOW);
        Map<Severity, Integer> wrong = new EnumMap<>(r.counts());
        wrong.put(Severity.CRITICAL, 3);
        assertThatThrownBy(() -> new ScanReport(ScanReport.SCHEMA_VERSION, r.scan(), r.telemetry(), r.endpoints(), r.series(), r.verdict(),
                r.summary(), wrong, r.findings())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counts");
    }

    @Test
    void readingAReportOfAnotherSchemaVersionFailsClearly() {
        ObjectNode node = (ObjectNode) ReportJson.mapper().readTree(json(ReportFixtures.clean("s", START)));
        node.put("schemaVersion", 3);
        assertThatThrownBy(() -> ReportJson.read(new ByteArrayInputStream(node.toString()
                .getBytes(StandardCharsets.UTF_8)))).hasStackTraceContaining("unsupported report schemaVersion 3");
    }

    @Test
    void aVersionOneReportIsReadWithTheApisStatusWord() {
        ScanReport current = ReportFixtures.clean("s", START);
        ObjectNode node = (ObjectNode) ReportJson.mapper().readTree(json(current));
        node.put("schemaVersion", 1);
        ((ObjectNode) node.get("scan")).put("status", "COMPLETED");

        ScanReport back = ReportJson.read(node.toString());

        assertThat(back.schemaVersion()).isEqualTo(2);
        assertThat(back.scan().status()).isEqualTo(ScanEnd.SUCCEEDED);
        assertThat(json(back)).isEqualTo(json(current));
    }

    @Test
    void unknownFieldsFromANewerWriterAreIgnored() {
        ObjectNode node = (ObjectNode) ReportJson.mapper().readTree(json(ReportFixtures.clean("s", START)));
        node.put("futureField", "x");
        ScanReport back = ReportJson.read(new ByteArrayInputStream(node.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(back.verdict()).isEqualTo(ReportFixtures.clean("s", START).verdict());
    }

    private static List<String> names(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.propertyNames().forEach(names::add);
        return names;
    }
}
