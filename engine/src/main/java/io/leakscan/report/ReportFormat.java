package io.leakscan.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report formats, with what an HTTP response or a file needs to carry them. */
public enum ReportFormat {
    JSON("application/json", "json"),
    /** SARIF 2.1.0 for code-scanning tools. */
    SARIF("application/sarif+json", "sarif"),
    /** JUnit XML for CI test reports. */
    JUNIT("application/xml", "junit.xml"),
    /** One self-contained page: no scripts, styles or images from the network. */
    HTML("text/html; charset=utf-8", "html"),
    /** GitHub-flavored Markdown for pull-request comments. */
    MARKDOWN("text/markdown; charset=utf-8", "md"),
    /** GitHub Actions workflow commands ({@code ::error file=...,line=...::}) that annotate the leak site. */
    GITHUB("text/plain; charset=utf-8", "github.txt"),
    /** GitLab Code Quality JSON for merge-request widgets. */
    CODEQUALITY("application/json", "codequality.json");

    private final String contentType;
    private final String fileExtension;

    ReportFormat(String contentType, String fileExtension) {
        this.contentType = contentType;
        this.fileExtension = fileExtension;
    }

    /** The {@code Content-Type} to serve it with. */
    public String contentType() {
        return contentType;
    }

    /** Without the leading dot: {@code sarif}, {@code junit.xml}. */
    public String fileExtension() {
        return fileExtension;
    }

    /** A file name for a scan's report: {@code leakscan-<id>.sarif}; the id is reduced to safe characters. */
    public String fileName(String scanId) {
        return "leakscan-" + scanId.replaceAll("[^A-Za-z0-9._-]", "_") + "." + fileExtension;
    }

    public ReportRenderer renderer(ReportOptions options) {
        return switch (this) {
            case JSON -> new JsonReportRenderer();
            case SARIF -> new SarifReportRenderer(options);
            case JUNIT -> new JunitReportRenderer(options);
            case HTML -> new HtmlReportRenderer(options);
            case MARKDOWN -> new MarkdownReportRenderer(options);
            case GITHUB -> new GithubAnnotationsRenderer(options);
            case CODEQUALITY -> new CodeQualityRenderer(options);
        };
    }

    /** Renders with {@link ReportOptions#defaults()}. */
    public void render(ScanReport report, OutputStream out) throws IOException {
        renderer(ReportOptions.defaults()).render(report, out);
    }

    public String renderToString(ScanReport report, ReportOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            renderer(options).render(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public String renderToString(ScanReport report) {
        return renderToString(report, ReportOptions.defaults());
    }

    /** Parses a user's format name, case-insensitively; {@code md} and {@code xml} are accepted aliases. */
    public static ReportFormat parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("no report format given");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "json" -> JSON;
            case "sarif" -> SARIF;
            case "junit", "xml" -> JUNIT;
            case "html" -> HTML;
            case "markdown", "md" -> MARKDOWN;
            case "github" -> GITHUB;
            case "codequality", "code-quality", "gitlab-codequality" -> CODEQUALITY;
            default -> throw new IllegalArgumentException("unknown report format '" + name + "'; use one of "
                    + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")));
        };
    }
}
