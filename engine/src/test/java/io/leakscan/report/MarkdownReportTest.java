package io.leakscan.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownReportTest {

    static final Instant START = Instant.parse("2026-11-29T16:45:00Z");

    @Test
    void leakySummaryHasVerdictCountsAndTopFindingsWithSiteAndFix() {
        String md = ReportFormat.MARKDOWN.renderToString(ReportFixtures.streamLeaky("s", START));
        assertThat(md).startsWith("## Leakscan: leaks found in `http://127.0.0.1:41801`")
                .contains("**Verdict: LEAKS_FOUND**").contains("| HIGH | 2 |")
                .contains("| HIGH | ABORT_IGNORED | `GET /stream` (handler) | `cmd/brief-stream-leaky/server.go:29` |")
                .contains("`c.Request().Context().Done()`");
        // Each table row has exactly as many unescaped pipes as the header.
        md.lines().filter(l -> l.startsWith("| HIGH | ABORT")).forEach(l ->
                assertThat(l.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(6));
    }

    @Test
    void tableCellsEscapePipesMarkupAndHtml() {
        String md = ReportFormat.MARKDOWN.renderToString(HostileReports.hostile(START));
        assertThat(md).doesNotContain("<script").doesNotContain("<img").contains("&lt;script&gt;");
        md.lines().filter(l -> l.startsWith("| CRITICAL | ABORT")).forEach(l ->
                assertThat(l.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(6));
        assertThat(MarkdownReportRenderer.cell("a | b *c* _d_ [e](f) <g>\nh"))
                .isEqualTo("a \\| b \\*c\\* \\_d\\_ \\[e\\](f) &lt;g&gt; h");
        assertThat(MarkdownReportRenderer.rich("use `a|b` and `c`")).isEqualTo("use a\\|b and `c`");
        assertThat(MarkdownReportRenderer.code("x`y")).isEqualTo("x\\`y");
    }

    @Test
    void cleanInconclusiveAndFailedSayWhatTheyAre() {
        assertThat(ReportFormat.MARKDOWN.renderToString(ReportFixtures.clean("s", START)))
                .startsWith("## Leakscan: clean").doesNotContain("### Top findings");
        assertThat(ReportFormat.MARKDOWN.renderToString(ReportFixtures.inconclusive("s", START)))
                .startsWith("## Leakscan: inconclusive").contains("No claim about 4 signals");
        assertThat(ReportFormat.MARKDOWN.renderToString(ReportFixtures.failed("s", START)))
                .startsWith("## Leakscan: scan failed").contains("> **Scan failed:** `TARGET_DISTRESS`");
    }
}
