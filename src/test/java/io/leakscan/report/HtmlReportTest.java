package io.leakscan.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        String withoutTarget = html.replace(Html.esc(r.scan().targetBaseUrl()), "");
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
        assertThat(html).contains("<code>main.orphanedWork.func1.1</code>")
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
    void escapingHelperCoversTextAndAttributes() {
        assertThat(Html.esc("<a href='x' title=\"y\">&</a>"))
                .isEqualTo("&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;&lt;/a&gt;");
        assertThat(Html.esc("bell\u0007 nul\u0000 ok")).isEqualTo("bell nul ok");
        assertThat(Html.rich("use `<b>` here")).isEqualTo("use <code>&lt;b&gt;</code> here");
        assertThat(Html.rich("odd ` tick <b>")).isEqualTo("odd ` tick &lt;b&gt;");
        assertThat(Html.token("load")).isEqualTo("load");
        assertThat(Html.token("x\" onmouseover=\"y")).isEqualTo("other");
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
