package io.leakscan.report;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens HTML reports in headless Chromium (Debian's chromium and chromium-driver) and checks they render without a
 * console error, with charts of real size, findings, and no request to anywhere. Runs in the normal test phase on
 * purpose: a report that does not render is a broken build. Without Chromium it fails, naming the packages to install.
 */
class HtmlReportBrowserIT {

    static final Path OUT = Path.of("target/report-browser");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final Instant START = Instant.parse("2026-11-29T16:45:00Z");

    static ChromeDriver driver;

    @BeforeAll
    static void startChromium() throws IOException {
        Files.createDirectories(OUT);
        Files.createDirectories(SCREENSHOTS);
        driver = HeadlessChromium.start("HTML report test", 1280, 1600, Map.of());
    }

    @AfterAll
    static void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void leakyReportRendersChartsAndFindingsWithoutErrors() throws IOException {
        ScanReport report = ReportFixtures.middlewareLeaky("scan-browser", START);
        open("middleware-leaky", ReportFormat.HTML.renderToString(report));

        assertThat(severeConsoleEntries()).isEmpty();
        WebElement chart = driver.findElement(By.id("chart-goroutines"));
        assertThat(chart.getSize().getWidth()).isGreaterThan(300);
        assertThat(chart.getSize().getHeight()).isGreaterThan(100);
        assertThat(chart.findElement(By.cssSelector("path.series")).getAttribute("d")).startsWith("M");
        assertThat(chart.findElements(By.cssSelector("rect.band"))).hasSizeGreaterThan(10);
        assertThat(driver.findElement(By.id("chart-heap")).getSize().getHeight()).isGreaterThan(100);
        assertThat(driver.findElements(By.cssSelector("article.finding"))).hasSize(report.findings().size());
        assertThat(driver.findElement(By.id("verdict-h")).getText()).isEqualTo("Verdict: leaks found");
        assertThat(driver.findElement(By.id("finding-1")).getText()).contains("main.orphanedWork.func1.1")
                .contains("cmd/brief-middleware-leaky/server.go:33");
        assertThat(resourcesFetched()).isZero();
        screenshot("middleware-leaky");
    }

    @Test
    void streamReportDrawsTheFdChartToo() throws IOException {
        open("stream-leaky", ReportFormat.HTML.renderToString(ReportFixtures.streamLeaky("scan-browser", START)));
        assertThat(severeConsoleEntries()).isEmpty();
        assertThat(driver.findElement(By.id("chart-fds")).getSize().getHeight()).isGreaterThan(100);
        assertThat(resourcesFetched()).isZero();
        screenshot("stream-leaky");
    }

    @Test
    void inconclusiveReportRendersWithoutCharts() throws IOException {
        open("inconclusive", ReportFormat.HTML.renderToString(ReportFixtures.inconclusive("scan-browser", START)));
        assertThat(severeConsoleEntries()).isEmpty();
        assertThat(driver.findElements(By.tagName("svg"))).isEmpty();
        assertThat(driver.findElement(By.id("verdict-h")).getText()).isEqualTo("Verdict: inconclusive");
        screenshot("inconclusive");
    }

    @Test
    void hostileStringsDoNotExecute() throws IOException {
        open("hostile", ReportFormat.HTML.renderToString(HostileReports.hostile(START)));
        Object pwned = ((JavascriptExecutor) driver).executeScript("return window.__pwned === undefined");
        assertThat(pwned).isEqualTo(true);
        assertThat(driver.findElement(By.id("finding-1-h")).getText()).contains(HostileReports.SCRIPT);
        assertThat(driver.findElements(By.tagName("img"))).isEmpty();
        assertThat(severeConsoleEntries()).isEmpty();
    }

    @Test
    void theConsoleCheckCatchesErrors() throws IOException {
        // The control: a page that does log an error must be caught, or the checks above prove nothing.
        open("control", "<!DOCTYPE html><html lang=\"en\"><head><title>control</title></head><body>"
                + "<script>console.error('leakscan control error')</script></body></html>");
        assertThat(severeConsoleEntries()).anyMatch(e -> e.getMessage().contains("leakscan control error"));
    }

    private static void open(String name, String html) throws IOException {
        Path file = OUT.resolve(name + ".html").toAbsolutePath();
        Files.writeString(file, html, StandardCharsets.UTF_8);
        driver.manage().logs().get(LogType.BROWSER); // drain entries of earlier pages
        driver.get(file.toUri().toString());
    }

    private static List<LogEntry> severeConsoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    private static long resourcesFetched() {
        Object n = ((JavascriptExecutor) driver)
                .executeScript("return performance.getEntriesByType('resource').length");
        return ((Number) n).longValue();
    }

    private static void screenshot(String name) throws IOException {
        Number height = (Number) ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(1280, Math.min(8000, height.intValue() + 40)));
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve("report-" + name + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new Dimension(1280, 1600));
        assertThat(Files.size(target)).isGreaterThan(10_000);
    }
}
