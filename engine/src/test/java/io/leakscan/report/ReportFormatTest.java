package io.leakscan.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportFormatTest {

    @Test
    void contentTypesAndExtensions() {
        assertThat(ReportFormat.JSON.contentType()).isEqualTo("application/json");
        assertThat(ReportFormat.SARIF.contentType()).isEqualTo("application/sarif+json");
        assertThat(ReportFormat.JUNIT.contentType()).isEqualTo("application/xml");
        assertThat(ReportFormat.HTML.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(ReportFormat.MARKDOWN.contentType()).isEqualTo("text/markdown; charset=utf-8");
        assertThat(ReportFormat.SARIF.fileName("3f2a")).isEqualTo("leakscan-3f2a.sarif");
        assertThat(ReportFormat.JUNIT.fileName("../../etc/passwd")).isEqualTo("leakscan-.._.._etc_passwd.junit.xml");
    }

    @Test
    void parsesUserNames() {
        assertThat(ReportFormat.parse(" SARIF ")).isEqualTo(ReportFormat.SARIF);
        assertThat(ReportFormat.parse("md")).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(ReportFormat.parse("junit")).isEqualTo(ReportFormat.JUNIT);
        assertThatThrownBy(() -> ReportFormat.parse("pdf")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown report format 'pdf'; use one of json, sarif, junit, html, markdown, github, codequality");
        assertThatThrownBy(() -> ReportFormat.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRendererWritesUtf8AndLeavesTheStreamOpen() throws IOException {
        ScanReport r = ReportFixtures.streamLeaky("s", Instant.parse("2026-11-29T16:45:00Z"));
        for (ReportFormat f : ReportFormat.values()) {
            boolean[] closed = {false};
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            OutputStream out = new FilterOutputStream(bytes) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            f.render(r, out);
            assertThat(closed[0]).as("%s closed the caller's stream", f).isFalse();
            assertThat(bytes.size()).as(f.name()).isGreaterThan(200);
            assertThat(bytes.toString(StandardCharsets.UTF_8)).as(f.name())
                    .isEqualTo(f.renderToString(r));
        }
    }

    @Test
    void rendererSetIsClosed() {
        assertThat(ReportRenderer.class.isSealed()).isTrue();
        assertThat(ReportRenderer.class.getPermittedSubclasses()).hasSize(ReportFormat.values().length);
    }
}
