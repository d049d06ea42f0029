package io.leakscan.report;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.Severity;
import io.leakscan.baseline.Baseline;
import io.leakscan.baseline.BaselineEntry;
import io.leakscan.baseline.FindingFingerprint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CI formats on real report shapes: GitHub workflow commands and GitLab Code Quality JSON. */
class CiFormatsTest {

    static final Instant START = Instant.parse("2026-11-29T16:45:00Z");

    @Test
    void githubAnnotatesTheLeakSiteWithErrorForHighAndWarningBelow() {
        ScanReport r = ReportFixtures.middlewareLeaky("s", START);
        String out = ReportFormat.GITHUB.renderToString(r);
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(r.findings().size());
        for (int i = 0; i < lines.size(); i++) {
            Finding f = r.findings().get(i);
            String line = lines.get(i);
            assertThat(line).startsWith(f.severity().atLeast(Severity.HIGH) ? "::error "
                    : "::warning ").contains("title=" + f.severity() + " " + f.kind()).doesNotContain("\n");
            String message = line.substring(line.indexOf("::", 2) + 2);
            assertThat(message).contains("%0AFix: ").doesNotContain("\r");
        }
        // the first finding's top stack is in the app: the annotation names its file and line, relative to the module
        assertThat(lines.getFirst()).matches("::error file=[^,:]+\\.go,line=[1-9][0-9]*,title=.*::.*");
        assertThat(GithubAnnotationsRenderer.property("a,b:c%\nd")).isEqualTo("a%2Cb%3Ac%25%0Ad");
    }

    @Test
    void githubSaysWhenTheScanDidNotCompleteAndLeavesKnownFindingsOut() {
        assertThat(ReportFormat.GITHUB.renderToString(ReportFixtures.failed("s", START)))
                .startsWith("::error title=Leakscan%3A the scan did not complete::");
        ScanReport r = ReportFixtures.middlewareLeaky("s", START);
        Finding first = r.findings().getFirst();
        ScanReport known = r.withBaseline(new Baseline("b", List.of(new BaselineEntry(FindingFingerprint.of(first),
                "accepted", null, "b"))), LocalDate.parse("2026-12-05"));
        assertThat(ReportFormat.GITHUB.renderToString(known).lines()).hasSize(r.findings().size() - 1);
        assertThat(ReportFormat.CODEQUALITY.renderToString(ReportFixtures.clean("s", START)).strip())
                .isEqualTo("[ ]");
    }

    @Test
    void codeQualityHasGitlabsFieldsPerFinding() throws Exception {
        ScanReport r = ReportFixtures.middlewareLeaky("s", START);
        JsonNode issues = ReportJson.mapper().readTree(ReportFormat.CODEQUALITY.renderToString(r));
        assertThat(issues.isArray()).isTrue();
        assertThat(issues.size()).isEqualTo(r.findings().size());
        for (int i = 0; i < issues.size(); i++) {
            JsonNode issue = issues.get(i);
            Finding f = r.findings().get(i);
            assertThat(issue.path("check_name").asString()).isEqualTo(f.kind().name());
            assertThat(issue.path("fingerprint").asString()).isEqualTo(FindingFingerprint.of(f));
            assertThat(issue.path("severity").asString()).isIn("info", "minor", "major", "critical", "blocker");
            assertThat(issue.path("description").asString()).contains(f.title().strip(), "Fix: ");
            assertThat(issue.at("/location/path").asString()).isNotBlank().doesNotStartWith("/");
            assertThat(issue.at("/location/lines/begin").asInt()).isPositive();
        }
        assertThat(issues.get(0).at("/location/path").asString()).endsWith(".go");
        assertThat(issues.findValuesAsString("fingerprint")).doesNotHaveDuplicates();
    }
}
