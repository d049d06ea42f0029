package io.leakscan.dashboard;

import io.leakscan.lab.Repo;
import io.leakscan.report.HeadlessChromium;
import io.leakscan.scan.ScanResource;
import io.leakscan.scan.ScanService;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The new-scan form's import in headless Chromium: upload swaggo's description, see its endpoints offered with the
 * safe ones ticked, tick a POST, start the scan, then re-run it from its page. Workers are off: the scan stays queued
 * until cancelled, which is all these pages need. Screenshots go to target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.worker.enabled=false")
class ImportBrowserIT {

    static final Path SCREENSHOTS = Path.of("target/screenshots");
    /** swaggo's output for a small Echo service (see src/test/resources/inventory/swaggo-shop/README.md). */
    static final Path SWAGGO = Repo.path("engine/src/test/resources/inventory/swaggo-shop/swagger.json").toAbsolutePath();

    static ChromeDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    ScanService scans;

    @BeforeAll
    static void startChromium() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        driver = HeadlessChromium.start("import test", 1280, 1000, Map.of());
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
    void uploadADescriptionTickEndpointsStartTheScanAndRunItAgain() throws Exception {
        UUID tenant = tenants.create("import-browser").id();
        String key = keys.issue(tenant, "browser").key();
        driver.get(url("/"));
        loadsNextPage(() -> driver.findElement(By.id("apiKey")).sendKeys(key, Keys.ENTER));
        loadsNextPage(() -> driver.findElement(By.linkText("New scan")).click());

        driver.findElement(By.id("baseUrl")).sendKeys("http://127.0.0.1:8099");
        // the orders are secured by a bearer token: without the header they would be skipped, not offered
        loadsNextPage(() -> driver.findElement(By.cssSelector("button[value=add-header]")).click());
        driver.findElement(By.id("headers0.name")).sendKeys("Authorization");
        driver.findElement(By.id("headers0.value")).sendKeys("Bearer s3cret");
        driver.findElement(By.id("openapiFile")).sendKeys(SWAGGO.toString());
        loadsNextPage(() -> driver.findElement(By.id("import-endpoints")).click());

        assertThat(driver.findElement(By.id("imported-summary")).getText()).startsWith("From swagger.json: ")
                .contains(" endpoints offered, 1 skipped.");
        WebElement users = checkbox("GET /api/v1/users/:id  (/api/v1/users/42)");
        WebElement order = checkbox("POST /api/v1/orders");
        assertThat(users.isSelected()).as("safe methods come ticked").isTrue();
        assertThat(order.isSelected()).as("unsafe ones do not").isFalse();
        assertThat(driver.findElements(By.id("endpoints0.path"))).as("the GET / placeholder gave way").isEmpty();
        driver.findElement(By.cssSelector("#imported-skipped summary")).click();
        assertThat(driver.findElement(By.id("imported-skipped")).getText())
                .contains("GET /api/v1/legacy/ping: deprecated");
        screenshot("dashboard-import");

        order.click();
        loadsNextPage(() -> driver.findElement(By.id("start-scan")).click());
        assertThat(driver.getCurrentUrl()).as(() -> driver.findElements(By.id("error-summary")).stream()
                .map(WebElement::getText).findFirst().orElse(driver.getTitle())).matches(url("/scans/[0-9a-f-]{36}"));
        UUID first = UUID.fromString(driver.getCurrentUrl().substring(url("/scans/").length()));
        ScanResource scan = scans.resource(scans.get(tenant, first));
        assertThat(scan.endpoints()).extracting(e -> e.method() + " " + e.route())
                .contains("GET /api/v1/users/:id", "POST /api/v1/orders")
                .doesNotContain("PUT /api/v1/orders/:id", "DELETE /api/v1/orders/:id");

        loadsNextPage(() -> driver.findElement(By.cssSelector("form[action$='/cancel'] button")).click());
        loadsNextPage(() -> driver.findElement(By.id("rerun")).click());
        assertThat(driver.getCurrentUrl()).matches(url("/scans/[0-9a-f-]{36}\\?notice=rerun"));
        UUID second = UUID.fromString(driver.getCurrentUrl().substring(url("/scans/").length(),
                url("/scans/").length() + 36));
        assertThat(second).isNotEqualTo(first);
        assertThat(scans.resource(scans.get(tenant, second)).endpoints()).isEqualTo(scan.endpoints());
        screenshot("dashboard-rerun");
    }

    private WebElement checkbox(String label) {
        WebElement code = driver.findElement(By.xpath("//ul[@class='imported']//code[text()='" + label + "']"));
        return code.findElement(By.xpath("ancestor::li//input[@type='checkbox']"));
    }

    private void loadsNextPage(Runnable action) {
        PageLoads.loadsNextPage(driver, action);
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }
}
