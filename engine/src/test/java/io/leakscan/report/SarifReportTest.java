package io.leakscan.report;

import io.leakscan.analysis.Confidence;
import io.leakscan.analysis.Evidence;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.baseline.FindingFingerprint;
import io.leakscan.analysis.Scope;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.parse.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SarifReportTest {

    static final Instant START = Instant.parse("2026-11-29T16:45:00Z");

    static Stream<String> scenarios() {
        return ReportFixtures.SCENARIOS.stream();
    }

    static JsonNode sarif(ScanReport r, ReportOptions o) {
        return ReportJson.mapper().readTree(ReportFormat.SARIF.renderToString(r, o));
    }

    @Test
    void theSchemaFileIsTheOasisTextUnchanged() throws Exception {
        try (InputStream in = getClass().getResourceAsStream(Schemas.SARIF_SCHEMA)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).hasSize(112_768);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo("ddddcccbf95c7c50c037b5b07eff4140556278ca574ff374db46786b5fce7949");
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenarioIsValidSarif210(String scenario) {
        ScanReport r = ReportFixtures.scenario(scenario, "scan-1", START);
        for (ReportOptions o : List.of(ReportOptions.defaults(),
                new ReportOptions("/src/lab", "https://github.com/leakscan/leakscan"))) {
            String text = ReportFormat.SARIF.renderToString(r, o);
            assertThat(Schemas.validate(Schemas.sarif(), text)).as("%s with %s", scenario, o).isEmpty();
        }
    }

    @Test
    void theValidatorRejectsBrokenSarif() {
        ObjectNode log = (ObjectNode) sarif(ReportFixtures.streamLeaky("s", START), ReportOptions.defaults());
        ((ObjectNode) log.get("runs").get(0).get("results").get(0)).put("level", "fatal");
        assertThat(Schemas.validate(Schemas.sarif(), log.toString())).isNotEmpty();
        ObjectNode noVersion = (ObjectNode) sarif(ReportFixtures.clean("s", START), ReportOptions.defaults());
        noVersion.remove("version");
        assertThat(Schemas.validate(Schemas.sarif(), noVersion.toString())).isNotEmpty();
    }

    @Test
    void oneRulePerFindingKindWithHelpCweAndLevel() {
        JsonNode driver = sarif(ReportFixtures.clean("s", START), ReportOptions.defaults())
                .at("/runs/0/tool/driver");
        assertThat(driver.get("name").asString()).isEqualTo("Leakscan");
        assertThat(driver.get("version").asString()).isEqualTo(ReportFixtures.VERSION);
        JsonNode rules = driver.get("rules");
        assertThat(rules).hasSize(FindingKind.values().length);
        for (FindingKind kind : FindingKind.values()) {
            JsonNode rule = rules.get(kind.ordinal());
            assertThat(rule.get("id").asString()).isEqualTo(kind.name());
            assertThat(rule.at("/help/markdown").asString()).contains("**Fix (Echo):**");
            assertThat(rule.at("/shortDescription/text").asString()).isNotBlank();
            assertThat(rule.at("/defaultConfiguration/level").asString()).isIn("error", "warning", "note");
        }
        assertThat(rules.get(FindingKind.HEAP_GROWTH.ordinal()).at("/properties/tags").toString())
                .contains("external/cwe/cwe-401");
        assertThat(rules.get(FindingKind.LINGERING_GOROUTINES.ordinal()).at("/help/markdown").asString())
                .contains("`ctx, cancel := context.WithTimeout(c.Request().Context(), d)`");
    }

    @Test
    void middlewareLeakIsLocatedOnTheGoLineRelativeToTheModuleRoot() {
        JsonNode run = sarif(ReportFixtures.middlewareLeaky("s", START), ReportOptions.defaults()).at("/runs/0");
        JsonNode result = run.get("results").get(0);
        assertThat(result.get("ruleId").asString()).isEqualTo("LINGERING_GOROUTINES");
        assertThat(result.get("level").asString()).isEqualTo("error");
        JsonNode physical = result.at("/locations/0/physicalLocation");
        assertThat(physical.at("/artifactLocation/uri").asString())
                .isEqualTo("cmd/brief-middleware-leaky/server.go");
        assertThat(physical.at("/artifactLocation/uriBaseId").asString()).isEqualTo("%SRCROOT%");
        assertThat(physical.at("/region/startLine").asInt()).isEqualTo(33);
        assertThat(result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asString())
                .isEqualTo("main.orphanedWork.func1.1");
        assertThat(result.at("/relatedLocations/0/physicalLocation/region/startLine").asInt()).isEqualTo(31);
        assertThat(result.at("/properties/confidence").asDouble()).isEqualTo(0.93);
        assertThat(result.at("/properties/scope").asString()).isEqualTo("MIDDLEWARE");
        assertThat(result.at("/properties/figures/0/name").asString()).isEqualTo("goroutinesPerRequest");
        assertThat(result.at("/message/text").asString()).contains("Fix:").contains("c.Request().Context()");
    }

    @Test
    void aConfiguredSourceRootWinsAndIsPublishedAsSrcroot() {
        JsonNode run = sarif(ReportFixtures.middlewareLeaky("s", START), new ReportOptions("/src", null))
                .at("/runs/0");
        assertThat(run.at("/results/0/locations/0/physicalLocation/artifactLocation/uri").asString())
                .isEqualTo("lab/cmd/brief-middleware-leaky/server.go");
        assertThat(run.at("/originalUriBaseIds/%SRCROOT%/uri").asString()).isEqualTo("file:///src/");
    }

    @Test
    void aModuleInAFolderOfTheRepositoryGetsRepositoryPathsAndABaseKnownByNameOnly() {
        JsonNode run = sarif(ReportFixtures.shopHeapAndKeys("s", START),
                ReportOptions.defaults().withModuleDir("services/shop")).at("/runs/0");
        assertThat(findByRule(run, "HEAP_GROWTH").at("/locations/0/physicalLocation/artifactLocation/uri").asString())
                .isEqualTo("services/shop/internal/api/items.go");
        JsonNode base = run.at("/originalUriBaseIds/%SRCROOT%");
        assertThat(base.has("uri")).as("the compiled-in module root is not the repository's root").isFalse();
        assertThat(base.at("/description/text").asString()).contains("services/shop/");
    }

    @Test
    void moduleRootIsDerivedFromImportPathsOfNonMainPackages() {
        JsonNode run = sarif(ReportFixtures.shopHeapAndKeys("s", START), ReportOptions.defaults()).at("/runs/0");
        JsonNode heap = findByRule(run, "HEAP_GROWTH");
        assertThat(heap.at("/locations/0/physicalLocation/artifactLocation/uri").asString())
                .isEqualTo("internal/api/items.go");
        assertThat(run.at("/originalUriBaseIds/%SRCROOT%/uri").asString()).isEqualTo("file:///build/shop/");
    }

    @Test
    void findingsWithoutAStackAreLocatedAtTheirEndpointLogically() {
        JsonNode run = sarif(ReportFixtures.shopHeapAndKeys("s", START), ReportOptions.defaults()).at("/runs/0");
        JsonNode keys = findByRule(run, "KEY_CARDINALITY_GROWTH");
        JsonNode location = keys.at("/locations/0");
        assertThat(location.has("physicalLocation")).isFalse();
        assertThat(location.at("/logicalLocations/0/fullyQualifiedName").asString()).isEqualTo("GET /api/limited");
        assertThat(location.at("/logicalLocations/0/kind").asString()).isEqualTo("resource");
    }

    @Test
    void fingerprintsAreStableAcrossScansAndLineMovesButDifferByEndpoint() {
        Frame a = new Frame("main.stream", "/src/app/server.go", 28);
        Frame moved = new Frame("main.stream", "/src/app/server.go", 40);
        String f1 = FindingFingerprint.of(finding(FindingKind.ABORT_IGNORED, "/stream", a));
        String f2 = FindingFingerprint.of(finding(FindingKind.ABORT_IGNORED, "/stream", moved));
        String other = FindingFingerprint.of(finding(FindingKind.ABORT_IGNORED, "/events", a));
        String kind = FindingFingerprint.of(finding(FindingKind.GOROUTINE_LEAK, "/stream", a));
        assertThat(f1).isEqualTo(f2).hasSize(32).isNotEqualTo(other).isNotEqualTo(kind);

        JsonNode r1 = sarif(ReportFixtures.streamLeaky("scan-1", START), ReportOptions.defaults());
        JsonNode r2 = sarif(ReportFixtures.streamLeaky("scan-2", START.plusSeconds(3600)), ReportOptions.defaults());
        assertThat(r1.at("/runs/0/results/0/partialFingerprints"))
                .isEqualTo(r2.at("/runs/0/results/0/partialFingerprints"));
    }

    @Test
    void failedScanIsAnUnsuccessfulInvocationWithTheReason() {
        JsonNode run = sarif(ReportFixtures.failed("s", START), ReportOptions.defaults()).at("/runs/0");
        assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isFalse();
        JsonNode note = run.at("/invocations/0/toolExecutionNotifications/0");
        assertThat(note.get("level").asString()).isEqualTo("error");
        assertThat(note.at("/descriptor/id").asString()).isEqualTo("TARGET_DISTRESS");
        assertThat(run.get("results")).isEmpty();
    }

    @Test
    void dependencyAndStandardLibraryFramesGetNoRepositoryPath() {
        Frame dep = new Frame("github.com/labstack/echo/v4.(*Echo).ServeHTTP",
                "/root/go/pkg/mod/github.com/labstack/echo/v4@v4.13.4/echo.go", 670);
        Frame std = new Frame("net/http.(*conn).serve", "/usr/local/go/src/net/http/server.go", 2102);
        ScanReport r = ReportFixtures.streamLeaky("s", START);
        GoSourcePaths paths = GoSourcePaths.forReport(r, ReportOptions.defaults());
        assertThat(paths.locate(dep)).isEmpty();
        assertThat(paths.locate(std)).isEmpty();
        JsonNode result = sarif(r, ReportOptions.defaults()).at("/runs/0/results/0");
        // created by net/http.(*Server).Serve is stdlib: no related location for it.
        assertThat(result.has("relatedLocations")).isFalse();
    }

    private static JsonNode findByRule(JsonNode run, String ruleId) {
        for (JsonNode r : run.get("results")) {
            if (r.get("ruleId").asString().equals(ruleId)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + ruleId);
    }

    private static Finding finding(FindingKind kind, String path, Frame site) {
        return new Finding(kind, new EndpointRef("GET", path), Scope.HANDLER, Severity.HIGH,
                new Confidence(0.9, List.of()), "t", new Evidence(List.of(), "GOROUTINES",
                List.of(new StackEvidence(0, 10, site, List.of(site), null, null, 0))), "fix", 772);
    }
}
