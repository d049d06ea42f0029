package io.leakscan.report;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One self-contained HTML page: inline CSS, charts as inline SVG, no script and no URL it would fetch, so it opens the
 * same from a CI artifact, an e-mail or an air-gapped laptop. The page is the template {@code report/report.html};
 * each finding is the fragment {@code shared/finding.html} that the dashboard shows too. Thymeleaf escapes every
 * string from the scan.
 */
public final class HtmlReportRenderer implements ReportRenderer {

    /**
     * Built once: parsing and caching the templates is the expensive part. The Spring flavour of the engine evaluates
     * expressions with SpEL, the language the dashboard's templates use, so the shared fragment reads the same in
     * both; it needs no Spring context.
     */
    private static final TemplateEngine ENGINE = engine();

    private final ReportOptions options;

    HtmlReportRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public void render(ScanReport report, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        Context context = new Context(Locale.ROOT);
        context.setVariable("page", ReportPage.of(report, options));
        ENGINE.process("report/report", context, w);
        w.flush();
    }

    private static TemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(HtmlReportRenderer.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setCacheable(true);
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
