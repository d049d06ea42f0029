package io.leakscan.dashboard;

import io.leakscan.lab.Repo;
import io.leakscan.report.HeadlessChromium;
import io.leakscan.scan.Profile;
import io.leakscan.scan.ScanRequest;
import io.leakscan.scan.ScanService;
import io.leakscan.ownership.TokenFileServer;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant-admin pages in headless Chromium against the real database: register a target, read how to verify it,
 * see a failed check say what it saw, verify it over HTTP (a loopback server serves the token), find both actions in
 * the audit log under the signed-in key, see a schedule of the target, and see a scan's new, fixed and still-there
 * findings against the previous scan of its target; create an API key that is shown once, use it, revoke it.
 * Screenshots go to target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.worker.enabled=false")
class SaasPagesBrowserIT {

    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static ChromeDriver driver;
    static TokenFileServer web;

    @LocalServerPort
    int port;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    ScanService scans;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        web = new TokenFileServer();
        driver = HeadlessChromium.start("saas pages test", 1280, 1000, Map.of());
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        web.close();
    }

    /** Each test signs in with its own tenant's key. */
    @BeforeEach
    void signedOut() {
        driver.manage().deleteAllCookies();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void registerVerifyAuditScheduleAndCompare() throws Exception {
        UUID tenant = tenants.create("saas-browser-" + UUID.randomUUID()).id();
        String key = keys.issue(tenant, "browser").key();
        String targetUrl = web.origin();
        driver.get(url("/"));
        loadsNextPage(() -> driver.findElement(By.id("apiKey")).sendKeys(key, Keys.ENTER));

        loadsNextPage(() -> driver.findElement(By.linkText("Targets")).click());
        assertThat(driver.findElement(By.id("no-targets")).getText()).contains("No targets yet");
        driver.findElement(By.id("name")).sendKeys("web");
        driver.findElement(By.id("baseUrl")).sendKeys(targetUrl);
        loadsNextPage(() -> driver.findElement(By.id("register-button")).click());
        WebElement target = driver.findElement(By.cssSelector("article.target"));
        String targetId = target.getAttribute("data-target-id");
        assertThat(target.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Unverified");
        String token = target.findElement(By.cssSelector("code.token")).getText();
        assertThat(token).matches("leakscan-verification=[0-9a-f]{32}");
        assertThat(target.findElement(By.cssSelector("code.http-url")).getText())
                .isEqualTo(targetUrl + "/.well-known/leakscan-verification.txt");
        assertThat(target.findElement(By.cssSelector("code.dns-name")).getText()).isEqualTo("_leakscan.127.0.0.1");

        // nothing published yet: the check says what it saw, and the target stays unverified
        loadsNextPage(() -> driver.findElement(By.cssSelector("button.verify-http")).click());
        assertThat(driver.findElement(By.cssSelector(".check-failed")).getText()).contains("404");
        screenshot("targets-check-failed");

        web.publish(token + "\n");
        loadsNextPage(() -> driver.findElement(By.cssSelector("button.verify-http")).click());
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).contains("verified");
        assertThat(driver.findElement(By.cssSelector("article.target .badge")).getText()).isEqualTo("Verified");
        assertThat(driver.findElement(By.cssSelector("article.target")).getText()).contains("Verified until");
        screenshot("targets-verified");

        loadsNextPage(() -> driver.findElement(By.linkText("Audit log")).click());
        List<String> rows = driver.findElements(By.cssSelector("#audit tbody tr")).stream()
                .map(r -> r.findElement(By.cssSelector(".action")).getText() + " by "
                        + r.findElement(By.cssSelector(".actor")).getText()).toList();
        String actor = "dashboard, key " + key.substring(0, 12);
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("target.verified by " + actor));
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("target.not_verified by " + actor));
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("target.created by " + actor));
        screenshot("audit");

        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url("/api/v1/schedules"))).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"targetId\": \"" + targetId + "\", \"cron\": \"@daily\", "
                        + "\"scan\": {\"profile\": \"quick\", \"endpoints\": [{\"method\": \"GET\", \"path\": \"/\"}]}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        loadsNextPage(() -> driver.findElement(By.linkText("Schedules")).click());
        WebElement schedule = driver.findElement(By.cssSelector("#schedules tbody tr"));
        assertThat(schedule.getText()).contains("web").contains("@daily").contains("quick");

        UUID before = storedScan(tenant, targetUrl, Instant.parse("2026-06-01T12:00:00Z"), "goroutine_leak");
        UUID after = storedScan(tenant, targetUrl, Instant.parse("2026-06-02T12:00:00Z"), "abort_ignored");
        driver.get(url("/scans/" + after));
        WebElement comparison = driver.findElement(By.id("comparison"));
        assertThat(comparison.findElement(By.id("previous-scan")).getAttribute("href")).endsWith("/scans/" + before);
        assertThat(count("new")).isEqualTo(count(after, "abort_ignored"));
        assertThat(count("fixed")).isEqualTo(count(before, "goroutine_leak"));
        assertThat(count("still")).isZero();
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", comparison);
        screenshot("scan-comparison");
    }

    @Test
    void createAKeyThatIsShownOnceThenRevokeIt() throws Exception {
        UUID tenant = tenants.create("keys-browser-" + UUID.randomUUID()).id();
        String admin = keys.issue(tenant, "browser").key();
        driver.get(url("/"));
        loadsNextPage(() -> driver.findElement(By.id("apiKey")).sendKeys(admin, Keys.ENTER));
        loadsNextPage(() -> driver.findElement(By.linkText("API keys")).click());

        driver.findElement(By.id("name")).sendKeys("ci pipeline");
        new Select(driver.findElement(By.id("role"))).selectByValue("scan");
        driver.findElement(By.id("expiresInDays")).sendKeys("30");
        loadsNextPage(() -> driver.findElement(By.id("create-key-button")).click());
        String created = driver.findElement(By.id("key-value")).getAttribute("value");
        assertThat(created).startsWith("lsk_").hasSizeGreaterThan(40);
        WebElement row = keyRow("ci pipeline");
        assertThat(row.findElement(By.cssSelector("[data-label=Role]")).getText()).isEqualTo("scan");
        assertThat(row.findElement(By.cssSelector("[data-label=Expires] time"))).isNotNull();
        assertThat(row.findElement(By.cssSelector("[data-label=Key]")).getText()).isEqualTo(created.substring(0, 12) + "…");
        screenshot("keys-created");
        assertThat(apiStatus(created)).isEqualTo(200);

        // shown once: the next visit lists the key by its prefix only
        driver.get(url("/keys"));
        assertThat(driver.findElements(By.id("new-key"))).isEmpty();
        assertThat(driver.getPageSource()).doesNotContain(created);

        loadsNextPage(() -> keyRow("ci pipeline").findElement(By.cssSelector("button.danger")).click());
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).contains("revoked");
        assertThat(keyRow("ci pipeline").findElement(By.cssSelector("[data-label=State]")).getText()).isEqualTo("Revoked");
        assertThat(apiStatus(created)).isEqualTo(401);
        screenshot("keys-revoked");
    }

    WebElement keyRow(String name) {
        return driver.findElements(By.cssSelector("#keys tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector("[data-label=Name]")).getText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no key named " + name));
    }

    int apiStatus(String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/v1/scans")))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int count(String part) {
        return Integer.parseInt(driver.findElement(By.cssSelector("#comparison-" + part + " .count")).getText());
    }

    int count(UUID scan, String kind) {
        return jdbc.queryForObject("SELECT count(*) FROM scan_findings WHERE scan_id = ? AND kind = ?", Integer.class,
                scan, kind.toUpperCase());
    }

    /** A succeeded scan of {@code target} whose findings are the stream-leaky golden report's of {@code kind}. */
    UUID storedScan(UUID tenant, String target, Instant finished, String kind) throws IOException {
        JsonNode report = json.readTree(Files.readString(Repo.path("engine/src/test/resources/report/golden/stream-leaky.json"))
                .replace("{{instant}}", "2026-05-01T12:00:00Z")
                .replaceAll("\"durationMs\"\\s*:\\s*\\d+", "\"durationMs\": 0"));
        // submitted as any scan (a real stored request), then ended as the worker would
        UUID id = scans.submit(tenant, new ScanRequest(new ScanRequest.TargetRequest(target, Map.of()), List.of(),
                Profile.QUICK, false, null, null, null, null), null).scan().id();
        jdbc.update("UPDATE scans SET status = 'SUCCEEDED', started_at = ?, finished_at = ? WHERE id = ?",
                Timestamp.from(finished.minusSeconds(60)), Timestamp.from(finished), id);
        int ordinal = 0;
        for (JsonNode f : report.get("findings")) {
            if (f.get("kind").asString().equalsIgnoreCase(kind)) {
                jdbc.update("INSERT INTO scan_findings (scan_id, ordinal, kind, severity, scope, title, finding) "
                                + "VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))", id, ordinal++,
                        f.get("kind").asString(), f.get("severity").asString(), f.get("scope").asString(),
                        f.get("title").asString(), f.toString());
            }
        }
        assertThat(ordinal).as("findings of kind " + kind).isPositive();
        jdbc.update("INSERT INTO scan_reports (scan_id, report, created_at) VALUES (?, CAST(? AS jsonb), ?)", id,
                report.toString(), Timestamp.from(finished));
        return id;
    }

    private void loadsNextPage(Runnable action) {
        PageLoads.loadsNextPage(driver, action);
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }
}
