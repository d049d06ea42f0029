package io.leakscan.dashboard;

import io.leakscan.analysis.FindingKind;
import io.leakscan.lab.LabAppExtension;
import io.leakscan.report.HeadlessChromium;
import io.leakscan.report.ReportJson;
import io.leakscan.scan.ScanResults;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole service scanned from the dashboard in headless Chromium, as a user would: import the lab shop service's
 * swaggo description by URL with the admin token as a header, tick the POST/PUT/DELETE operations too, untick the
 * Echo-specific probes, start a quick scan, and wait on the scan's page for the verdict. A real worker and engine run it; the page and the stored
 * findings name exactly the two leaks lab/catalog.json expects.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.worker.scan-timeout=10m")
class ServiceScanBrowserIT {

    static final Set<FindingKind> LEAKS = EnumSet.of(FindingKind.GOROUTINE_LEAK, FindingKind.LINGERING_GOROUTINES,
            FindingKind.ABORT_IGNORED, FindingKind.HEAP_GROWTH, FindingKind.FD_LEAK,
            FindingKind.KEY_CARDINALITY_GROWTH);
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @RegisterExtension
    static LabAppExtension service = LabAppExtension.of("service-leaky");

    static ChromeDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    ScanResults results;

    @BeforeAll
    static void startChromium() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        driver = HeadlessChromium.start("service scan test", 1280, 1000, Map.of());
    }

    @AfterAll
    static void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void importTheDescriptionTickEverythingAndGetTheVerdict() throws Exception {
        UUID tenant = tenants.create("service-browser").id();
        String key = keys.issue(tenant, "browser").key();
        driver.get(url("/"));
        loadsNextPage(() -> driver.findElement(By.id("apiKey")).sendKeys(key, Keys.ENTER));
        loadsNextPage(() -> driver.findElement(By.linkText("New scan")).click());

        driver.findElement(By.id("baseUrl")).sendKeys(service.baseUrl().toString());
        loadsNextPage(() -> driver.findElement(By.cssSelector("button[value=add-header]")).click());
        driver.findElement(By.id("headers0.name")).sendKeys("Authorization");
        driver.findElement(By.id("headers0.value")).sendKeys("Bearer lab-token");
        driver.findElement(By.id("openapiUrl")).sendKeys(service.baseUrl() + "/swagger/doc.json");
        loadsNextPage(() -> driver.findElement(By.id("import-endpoints")).click());

        assertThat(driver.findElement(By.id("imported-summary")).getText())
                .startsWith("From " + service.baseUrl() + "/swagger/doc.json: ");
        var boxes = driver.findElements(By.cssSelector("ul.imported input[type=checkbox]"));
        assertThat(boxes).hasSizeGreaterThanOrEqualTo(25);
        for (WebElement box : boxes) {
            if (!box.isSelected()) {
                box.click();
            }
        }
        new Select(driver.findElement(By.id("profile"))).selectByValue("quick");
        // Without the Echo-specific rounds (wrong inputs, every key placement), as CliOpenApiScanIT scans it: 2 min of
        // the build instead of 6; ErrorPathScanIT and the catalog cover those rounds, this test the dashboard's flow
        WebElement echoSpecific = driver.findElement(By.id("echoSpecific1"));
        assertThat(echoSpecific.isSelected()).as("Echo-specific probes are on by default").isTrue();
        echoSpecific.click();
        loadsNextPage(() -> driver.findElement(By.id("start-scan")).click());
        assertThat(driver.getCurrentUrl()).as(() -> driver.findElements(By.id("error-summary")).stream()
                .map(WebElement::getText).findFirst().orElse(driver.getTitle())).matches(url("/scans/[0-9a-f-]{36}"));
        UUID scan = UUID.fromString(driver.getCurrentUrl().substring(url("/scans/").length()));

        // the reports section is rendered once the scan has ended (the verdict shows earlier, as an interim one);
        // the page is reloaded as a user would
        new WebDriverWait(driver, Duration.ofMinutes(10), Duration.ofSeconds(5)).until(d -> {
            d.navigate().refresh();
            return !d.findElements(By.id("downloads")).isEmpty();
        });
        assertThat(driver.findElement(By.id("status-badge")).getText()).containsIgnoringCase("succeeded");
        screenshot("dashboard-service-scan");
        // kept beside the screenshot: what each endpoint's rounds measured, when an expectation below fails
        Files.writeString(SCREENSHOTS.resolve("dashboard-service-scan.json"), ReportJson.mapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(results.report(tenant, scan).orElseThrow()));
        assertThat(driver.findElement(By.id("verdict-h")).getText()).contains("Leaks found");
        String findings = driver.findElement(By.id("findings")).getText();
        assertThat(findings).contains("POST /api/v1/orders", "POST /api/v1/admin/reports");

        Set<String> leaks = results.findings(tenant, scan).stream().filter(f -> LEAKS.contains(f.kind()))
                .map(f -> f.endpoint() + " " + f.kind() + " " + f.scope()).collect(Collectors.toSet());
        assertThat(leaks).containsExactlyInAnyOrder(
                "POST /api/v1/orders GOROUTINE_LEAK HANDLER",
                "POST /api/v1/admin/reports HEAP_GROWTH HANDLER");
    }

    private void loadsNextPage(Runnable action) {
        PageLoads.loadsNextPage(driver, action);
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }
}
