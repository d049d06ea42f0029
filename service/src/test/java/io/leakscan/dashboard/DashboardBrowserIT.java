package io.leakscan.dashboard;

import io.leakscan.lab.LabAppExtension;
import io.leakscan.report.HeadlessChromium;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver) against the whole service and a
 * real leaky Echo app: sign in with the keyboard, start a quick scan from the form, watch its progress and chart
 * update in place, read the finding with its stack, download a report, and check phone widths. No console error is
 * allowed on any page. Screenshots go to target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.worker.scan-timeout=180s")
class DashboardBrowserIT {

    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final Path DOWNLOADS = Path.of("target/dashboard-downloads").toAbsolutePath();

    @RegisterExtension
    static LabAppExtension lab = LabAppExtension.of("chan-block-leaky");

    static ChromeDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;

    @BeforeAll
    static void startChromium() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.createDirectories(DOWNLOADS);
        try (Stream<Path> old = Files.list(DOWNLOADS)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        driver = HeadlessChromium.start("dashboard test", 1280, 1000, Map.of(
                "download.default_directory", DOWNLOADS.toString(), "download.prompt_for_download", false));
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
    void signInStartAScanWatchItRunAndReadTheFinding() throws Exception {
        driver.manage().deleteAllCookies(); // whatever the other test left, this one starts signed out
        severeConsoleEntries();
        List<LogEntry> consoleErrors = new ArrayList<>();
        String key = keys.issue(tenants.create("browser").id(), "browser").key();

        // Signed out: every page leads to the sign-in form
        driver.get(url("/"));
        assertThat(driver.getCurrentUrl()).endsWith("/sign-in");
        WebElement keyField = driver.switchTo().activeElement();
        assertThat(keyField.getAttribute("id")).as("the key field has focus").isEqualTo("apiKey");
        loadsNextPage(() -> keyField.sendKeys("lsk_wrong", Keys.ENTER));
        assertThat(driver.findElement(By.id("apiKey-error")).getText()).contains("unknown, revoked or expired");
        consoleErrors.addAll(severeConsoleEntries()); // a 401 page logs its status; checked below separately
        consoleErrors.removeIf(e -> e.getMessage().contains("401"));
        loadsNextPage(() -> driver.findElement(By.id("apiKey")).sendKeys(key, Keys.ENTER));

        // The empty list
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/"));
        assertThat(driver.findElement(By.tagName("h2")).getText()).isEqualTo("No scans yet");
        screenshot("dashboard-empty");
        consoleErrors.addAll(severeConsoleEntries());

        // The form: a bad URL is answered next to its field, what was typed stays
        loadsNextPage(() -> driver.findElement(By.linkText("New scan")).click());
        driver.findElement(By.id("baseUrl")).sendKeys("ftp://127.0.0.1");
        driver.findElement(By.id("endpoints0.path")).clear();
        driver.findElement(By.id("endpoints0.path")).sendKeys("/quotes/ACME");
        driver.findElement(By.id("endpoints0.route")).sendKeys("/quotes/:symbol");
        assertThat(driver.findElement(By.id("endpoints0.body")).isDisplayed()).as("body hidden until asked for")
                .isFalse();
        driver.findElement(By.cssSelector("details.request-details summary")).click();
        driver.findElement(By.id("endpoints0.body")).sendKeys("{\"symbol\": \"ACME\"}");
        loadsNextPage(() -> driver.findElement(By.cssSelector("button[value=add-endpoint]")).click());
        driver.findElement(By.id("endpoints1.path")).sendKeys("/healthz");
        new Select(driver.findElement(By.id("profile"))).selectByValue("quick");
        loadsNextPage(() -> driver.findElement(By.id("start-scan")).click());
        assertThat(driver.findElement(By.id("baseUrl-error")).getText()).contains("http or https");
        assertThat(driver.findElement(By.id("endpoints1.path")).getAttribute("value")).isEqualTo("/healthz");
        assertThat(driver.findElement(By.id("endpoints0.body-error")).getText())
                .isEqualTo("GET requests carry no body; use POST, PUT, PATCH or DELETE");
        assertThat(driver.findElement(By.id("endpoints0.body")).isDisplayed()).as("reopened at its error").isTrue();
        screenshot("dashboard-form-errors");
        consoleErrors.addAll(severeConsoleEntries());
        consoleErrors.removeIf(e -> e.getMessage().contains("422")); // the form's own status, not a script error
        loadsNextPage(() -> driver.findElement(By.cssSelector("button[value=remove-endpoint-1]")).click());
        assertThat(driver.findElements(By.id("endpoints1.path"))).isEmpty();
        driver.findElement(By.id("endpoints0.body")).clear();
        WebElement baseUrl = driver.findElement(By.id("baseUrl"));
        baseUrl.clear();
        baseUrl.sendKeys(lab.baseUrl().toString());
        assertThat(new Select(driver.findElement(By.id("profile"))).getFirstSelectedOption().getText())
                .isEqualTo("quick");
        loadsNextPage(() -> baseUrl.sendKeys(Keys.ENTER)); // Enter starts the scan (it must not remove a row)

        // The detail page follows the scan in place: htmx swaps the status panel, the chart refetches its data
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.getCurrentUrl().matches(".*/scans/[0-9a-f-]{36}$"));
        String scanUrl = driver.getCurrentUrl();
        js("window.__sameDocument = true");
        Set<String> progress = new LinkedHashSet<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            // one script reads both, so an htmx swap between two WebDriver calls cannot tear the reading
            Object now = js("""
                    const b = document.getElementById('status-badge'), p = document.getElementById('progress-text');
                    return window.__sameDocument === true && b && p ? b.textContent + ' ' + p.textContent : null;
                    """);
            if (now != null) {
                progress.add(now.toString());
            }
            return progress.stream().filter(p -> p.startsWith("Running")).count() >= 2
                    && !driver.findElements(By.cssSelector("#chart-goroutines canvas")).isEmpty();
        });
        assertThat(progress).as("the status updated in place while running").hasSizeGreaterThanOrEqualTo(2);
        screenshot("dashboard-running");
        consoleErrors.addAll(severeConsoleEntries());

        // The end reloads the page with the results
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() ->
                !driver.findElements(By.id("verdict-h")).isEmpty());
        assertThat(driver.getCurrentUrl()).isEqualTo(scanUrl);
        assertThat(driver.findElement(By.id("status-badge")).getText()).isEqualTo("Succeeded");
        assertThat(driver.findElement(By.id("verdict-h")).getText()).isEqualTo("Verdict: Leaks found");
        WebElement finding = driver.findElement(By.id("finding-1"));
        assertThat(finding.getText()).contains("GET /quotes/:symbol").containsPattern("(?m)^Fix$").containsPattern("\\.go:\\d+");
        assertThat(driver.findElement(By.cssSelector("#finding-1 code.site")).getText()).startsWith("main.");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "1".compareTo(driver.findElement(By.id("charts")).getAttribute("data-rendered")) <= 0);
        WebElement chart = driver.findElement(By.cssSelector("#chart-goroutines canvas"));
        assertThat(chart.getSize().getWidth()).isGreaterThan(300);
        assertThat(chart.getSize().getHeight()).isGreaterThan(100);
        assertThat(driver.findElement(By.id("chart-goroutines-cap")).getText()).contains("→").contains("points");
        screenshot("dashboard-finished");
        consoleErrors.addAll(severeConsoleEntries());

        // Download the JSON report
        driver.findElement(By.cssSelector("a[href$='/report/json']")).click();
        String id = scanUrl.substring(scanUrl.lastIndexOf('/') + 1);
        Path json = DOWNLOADS.resolve("leakscan-" + id + ".json");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.isRegularFile(json) && Files.size(json) > 0);
        assertThat(Files.readString(json, StandardCharsets.UTF_8)).contains("\"verdict\" : \"LEAKS_FOUND\"")
                .contains("\"id\" : \"" + id + "\"");

        // The list shows it with its badges; at phone width nothing overflows sideways
        driver.get(url("/"));
        assertThat(driver.findElement(By.cssSelector("tr[data-scan-id='" + id + "']")).getText())
                .contains("Succeeded").contains("Leaks found").contains("quick");
        driver.manage().window().setSize(new Dimension(390, 844));
        assertThat(overflowsSideways()).isEmpty();
        screenshot("dashboard-list-phone");
        driver.get(scanUrl);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "1".compareTo(String.valueOf(driver.findElement(By.id("charts")).getAttribute("data-rendered"))) <= 0);
        assertThat(overflowsSideways()).isEmpty();
        screenshot("dashboard-scan-phone");
        driver.manage().window().setSize(new Dimension(1280, 1000));
        consoleErrors.addAll(severeConsoleEntries());

        // Sign out: back to the form, the pages are closed again
        loadsNextPage(() -> driver.findElement(By.cssSelector("header button.link")).click());
        assertThat(driver.getCurrentUrl()).endsWith("/sign-in?signedOut");
        driver.get(scanUrl);
        assertThat(driver.getCurrentUrl()).contains("/sign-in?next=");
        consoleErrors.addAll(severeConsoleEntries());

        assertThat(consoleErrors).as("console errors").isEmpty();
        assertThat(resourcesFromElsewhere()).as("requests that left the application").isEmpty();
    }

    /**
     * The webhooks pages: reached from the navigation, a refused destination explained at its field, the secret shown
     * once, readable at phone width, deleted after the confirmation step; no console error. The tenant has no scans,
     * so nothing is ever delivered to the (public, never contacted) subscription URL.
     */
    @Test
    void webhooksPagesWorkWithTheKeyboardAndWithoutConsoleErrors() throws Exception {
        driver.manage().deleteAllCookies();
        severeConsoleEntries(); // drain what an earlier test left
        List<LogEntry> consoleErrors = new ArrayList<>();
        String key = keys.issue(tenants.create("browser-webhooks").id(), "browser").key();
        driver.get(url("/sign-in"));
        loadsNextPage(() -> driver.findElement(By.id("apiKey")).sendKeys(key, Keys.ENTER));
        loadsNextPage(() -> driver.findElement(By.cssSelector("header nav a[href='/webhooks']")).sendKeys(Keys.ENTER));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/webhooks"));
        assertThat(driver.findElement(By.id("no-subscriptions")).getText()).contains("No subscriptions yet");
        consoleErrors.addAll(severeConsoleEntries());

        WebElement urlField = driver.findElement(By.id("url"));
        loadsNextPage(() -> urlField.sendKeys("http://127.0.0.1:8080/hook", Keys.ENTER));
        assertThat(driver.findElement(By.id("url-error")).getText()).contains("127.0.0.1 is a loopback address");
        assertThat(driver.findElement(By.id("url")).getAttribute("aria-invalid")).isEqualTo("true");
        screenshot("dashboard-webhooks-refused");
        consoleErrors.addAll(severeConsoleEntries());
        consoleErrors.removeIf(e -> e.getMessage().contains("422")); // the form's own status, not a script error

        WebElement again = driver.findElement(By.id("url"));
        again.clear();
        again.sendKeys("https://93.184.215.14/leakscan");
        loadsNextPage(() -> driver.findElement(By.id("description")).sendKeys("#ops", Keys.ENTER));
        String secret = driver.findElement(By.id("secret-value")).getAttribute("value");
        assertThat(secret).startsWith("whsec_");
        assertThat(driver.findElement(By.id("secret")).getText()).contains("shown only now");
        assertThat(driver.findElement(By.id("no-deliveries")).getText()).contains("No deliveries yet");
        screenshot("dashboard-webhook-created");
        driver.navigate().refresh();
        assertThat(driver.findElements(By.id("secret"))).as("the secret after a reload").isEmpty();
        consoleErrors.addAll(severeConsoleEntries());

        driver.manage().window().setSize(new Dimension(390, 844));
        assertThat(overflowsSideways()).isEmpty();
        screenshot("dashboard-webhook-phone");
        driver.get(url("/webhooks"));
        assertThat(overflowsSideways()).isEmpty();
        screenshot("dashboard-webhooks-phone");
        driver.manage().window().setSize(new Dimension(1280, 1000));

        loadsNextPage(() -> driver.findElement(By.cssSelector("tr[data-subscription-id] a")).sendKeys(Keys.ENTER));
        loadsNextPage(() -> driver.findElement(By.id("delete")).sendKeys(Keys.ENTER));
        loadsNextPage(() -> driver.findElement(By.id("confirm-delete")).sendKeys(Keys.ENTER));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/webhooks?notice=deleted"));
        assertThat(driver.findElement(By.id("no-subscriptions")).isDisplayed()).isTrue();
        consoleErrors.addAll(severeConsoleEntries());

        loadsNextPage(() -> driver.findElement(By.cssSelector("header button.link")).click()); // sign out: the other test starts signed out
        assertThat(consoleErrors).as("console errors").isEmpty();
        assertThat(resourcesFromElsewhere()).as("requests that left the application").isEmpty();
    }

    /**
     * Runs an action that loads another page and returns once that page has loaded. A key press or click that submits
     * a form can return before the navigation it started has finished, so reading the URL or an element straight
     * after it would race the browser (and did, on a loaded CI machine).
     */
    private void loadsNextPage(Runnable action) {
        PageLoads.loadsNextPage(driver, action);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Elements that stick out past the right edge of the window (empty: nothing scrolls sideways). */
    @SuppressWarnings("unchecked")
    private List<String> overflowsSideways() {
        return (List<String>) js("""
                const w = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > w + 1 && e.closest('.table-wrap, pre') === null)
                    .map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
                """);
    }

    @SuppressWarnings("unchecked")
    private List<String> resourcesFromElsewhere() {
        List<String> names = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)");
        return names.stream().filter(n -> !n.startsWith(url("/")) && !n.startsWith("data:")).toList();
    }

    private static List<LogEntry> severeConsoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    private static void screenshot(String name) throws IOException {
        // the whole page, not only the window
        Dimension window = driver.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(), Math.min(8000, height.intValue() + 140)));
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(window);
        assertThat(Files.size(target)).isGreaterThan(5_000);
    }
}
