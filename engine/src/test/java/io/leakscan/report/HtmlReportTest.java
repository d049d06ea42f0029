package io.leakscan.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unbescape.html.HtmlEscape;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    static final Instant START = Instant.parse("2026-11-29T16:45:00Z");

    static Stream<String> scenarios() {
        return ReportFixtures.SCENARIOS.stream();
    }

    static String html(ScanReport r) {
        return ReportFormat.HTML.renderToString(r);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void selfContainedNoUrlIsFetched(String scenario) {
        ScanReport r = ReportFixtures.scenario(scenario, "scan-1", START);
        String html = html(r);
        Matcher attr = Pattern.compile("(?i)\\b(src|href|xlink:href|action|data|poster|srcset)\\s*=\\s*[\"']?([^\"'>\\s]*)")
                .matcher(html);
        while (attr.find()) {
            assertThat(attr.group(2)).as("attribute %s", attr.group(0)).doesNotContainIgnoringCase("http")
                    .doesNotStartWith("//");
        }
        assertThat(html).doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(")
                .doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<iframe")
                .doesNotContainIgnoringCase("<link rel=\"stylesheet");
        // The only absolute URLs are the target's own, as plain text.
        String withoutTarget = html.replace(HtmlEscape.escapeHtml4Xml(r.scan().targetBaseUrl()), "");
        assertThat(withoutTarget).doesNotContain("http://").doesNotContain("https://");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void accessibleStructure(String scenario) {
        ScanReport r = ReportFixtures.scenario(scenario, "scan-1", START);
        String html = html(r);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">").contains("<main>")
                .contains("<meta charset=\"utf-8\">");
        assertThat(count(html, "<h1>")).isEqualTo(1);
        assertThat(count(html, "<table")).isEqualTo(count(html, "<caption>"));
        assertThat(count(html, "<svg ")).isEqualTo(count(html, "role=\"img\""));
        assertThat(count(html, "<article class=\"finding\"")).isEqualTo(r.findings().size());
    }

    @Test
    void chartsPerSignalWithPhaseBandsAndEndpointLabels() {
        String html = html(ReportFixtures.streamLeaky("s", START));
        assertThat(html).contains("id=\"chart-goroutines\"").contains("id=\"chart-heap\"")
                .contains("id=\"chart-fds\"");
        assertThat(count(html, "class=\"band band-load\"")).isEqualTo(3 * 10);
        assertThat(html).contains("<text class=\"ep-label\"").contains(">GET /stream</text>");
        String middleware = html(ReportFixtures.middlewareLeaky("s", START));
        assertThat(middleware).contains("id=\"chart-goroutines\"").doesNotContain("id=\"chart-fds\"");
    }

    @Test
    void noTelemetryMeansNoChartAndSaysWhy() {
        String html = html(ReportFixtures.inconclusive("s", START));
        assertThat(html).doesNotContain("<svg").contains("No telemetry samples")
                .contains("missing: no known telemetry path answered");
        assertThat(html).contains("verdict-inconclusive").contains("Verdict: inconclusive");
    }

    @Test
    void findingsShowEvidenceStacksAndRemediationWithCode() {
        String html = html(ReportFixtures.middlewareLeaky("s", START));
        assertThat(html).contains("<code class=\"site\">main.orphanedWork.func1.1</code>")
                .contains("cmd/brief-middleware-leaky/server.go:33")
                .contains("<th scope=\"row\">goroutinesPerRequest</th>")
                .contains("<code>ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)</code>");
    }

    @Test
    void everyHostileStringIsEscaped() {
        String html = html(HostileReports.hostile(START));
        assertThat(html).doesNotContain(HostileReports.SCRIPT).doesNotContain(HostileReports.IMG)
                .doesNotContainIgnoringCase("<script").doesNotContain("<img")
                .contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;")
                .contains("&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;");
        // Class names built from phase names stay tokens.
        assertThat(html).contains("band band-other");
    }

    @Test
    void templateExpressionsInScanTextAreShownNotEvaluated() {
        String html = html(HostileReports.templateExpressions(START));
        String expression = HostileReports.EXPRESSION;
        assertThat(html).contains("<title>Leakscan report: http://127.0.0.1:8080/%3Cscript%3E</title>")
                .contains("<p>Summary " + expression + "&#39;&quot;" + expression + "</p>")
                .contains("<span class=\"badge sev-critical\">CRITICAL</span> " + expression + " leaks")
                .contains("<code>" + expression + "</code>");
        // Each syntax appears only whole: none was evaluated anywhere on the page.
        assertThat(count(html, "[[")).isEqualTo(count(html, "[[${7*7}]]")).isGreaterThan(5);
        assertThat(count(html, "[(")).isEqualTo(count(html, "[(${7*6})]")).isGreaterThan(5);
        assertThat(count(html, "${T(")).isEqualTo(count(html, "${T(java.lang.System).exit(3)}")).isGreaterThan(5);
    }

    @Test
    void remediationCodeSpansAndPhaseTokens() {
        assertThat(FindingView.spans("use `<b>` here")).containsExactly(new FindingView.Span("use ", false),
                new FindingView.Span("<b>", true), new FindingView.Span(" here", false));
        assertThat(FindingView.spans("odd ` tick <b>")).containsExactly(new FindingView.Span("odd ` tick <b>", false));
        assertThat(SvgChart.token("load")).isEqualTo("load");
        assertThat(SvgChart.token("x\" onmouseover=\"y")).isEqualTo("other");
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
