package io.leakscan.schedule;

import io.leakscan.lab.Repo;
import io.leakscan.scan.ScanFinished;
import io.leakscan.scan.ScanState;
import io.leakscan.scan.ScanTestConfiguration;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.SettableClock;
import io.leakscan.tenant.SettableClockConfiguration;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Schedules against the real database with a settable clock: a run starts once (also when two nodes poll at the same
 * moment), a refused run is recorded and the schedule moves on, bad input names its field, and a scheduled scan that
 * found a new leak raises scan.regressed.
 */
@SpringBootTest(properties = {"leakscan.worker.enabled=false", "leakscan.schedules.enabled=false",
        "leakscan.webhooks.dispatcher-enabled=false", "leakscan.webhooks.allow-private-destinations=true"})
@AutoConfigureMockMvc
@Import({ScanTestConfiguration.class, SettableClockConfiguration.class})
class ScheduleIT {

    static final Instant T0 = SettableClockConfiguration.T0; // 2026-06-01T12:00:00Z
    static final String OPERATOR_KEY = "test-admin-key-000000000000000000000";

    @Autowired
    MockMvc mvc;
    @Autowired
    SettableClock clock;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    JsonMapper json;
    @Autowired
    Schedules schedules;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ApplicationEventPublisher events;

    UUID tenant;
    String admin;
    String targetId;

    @BeforeEach
    void newTenantWithATarget() throws Exception {
        clock.set(T0);
        jdbc.update("UPDATE schedules SET enabled = false"); // other tests' schedules stay out of runDue
        tenant = tenants.create("schedule-" + UUID.randomUUID()).id();
        admin = keys.issue(tenant, "admin").key();
        targetId = body(call(admin, post("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"orders\", \"baseUrl\": \"http://127.0.0.1:9401\"}"))).get("id").asString();
    }

    ResultActions call(String key, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + key));
    }

    JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    ResultActions create(String key, String body) throws Exception {
        return call(key, post("/api/v1/schedules").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    JsonNode nightly() throws Exception {
        return body(create(admin, "{\"targetId\": \"" + targetId + "\", \"cron\": \"0 0 3 * * *\", \"scan\": "
                + "{\"endpoints\": [{\"method\": \"GET\", \"path\": \"/stream\"}], \"profile\": \"quick\"}}")
                .andExpect(status().isCreated()));
    }

    List<UUID> scansOfTenant() {
        return jdbc.queryForList("SELECT id FROM scans WHERE tenant_id = ? ORDER BY queued_at", UUID.class, tenant);
    }

    @Test
    void aRunStartsAnOrdinaryScanOfTheTargetOnceAndTheScheduleMovesOn() throws Exception {
        JsonNode schedule = nightly();
        assertThat(schedule.get("nextRunAt").asString()).isEqualTo("2026-06-02T03:00:00Z");
        assertThat(schedules.runDue()).as("not due yet").isZero();

        clock.set(Instant.parse("2026-06-02T03:00:05Z"));
        assertThat(schedules.runDue()).isEqualTo(1);
        assertThat(schedules.runDue()).as("started once").isZero();

        List<UUID> scans = scansOfTenant();
        assertThat(scans).hasSize(1);
        call(admin, get("/api/v1/scans/" + scans.getFirst())).andExpect(status().isOk())
                .andExpect(jsonPath("$.target.baseUrl").value("http://127.0.0.1:9401"))
                .andExpect(jsonPath("$.profile").value("quick"));
        JsonNode after = body(call(admin, get("/api/v1/schedules/" + schedule.get("id").asString())));
        assertThat(after.get("lastScanId").asString()).isEqualTo(scans.getFirst().toString());
        assertThat(after.get("nextRunAt").asString()).isEqualTo("2026-06-03T03:00:00Z");
        assertThat(schedules.isScheduled(scans.getFirst())).isTrue();
    }

    @Test
    void twoNodesPollingAtOnceStartOneScan() throws Exception {
        nightly();
        clock.set(Instant.parse("2026-06-02T03:00:05Z"));
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = nodes.invokeAll(List.<Callable<Integer>>of(schedules::runDue,
                    schedules::runDue));
            int started = 0;
            for (Future<Integer> run : runs) {
                started += run.get();
            }
            assertThat(started).isEqualTo(1);
        } finally {
            nodes.shutdownNow();
        }
        assertThat(scansOfTenant()).hasSize(1);
    }

    @Test
    void aRefusedRunIsRecordedAndTheScheduleMovesOn() throws Exception {
        call(OPERATOR_KEY, put("/api/v1/admin/tenants/" + tenant + "/quota").contentType(MediaType.APPLICATION_JSON)
                .content("{\"concurrentScans\": 1}")).andExpect(status().isOk());
        call(admin, post("/api/v1/scans").contentType(MediaType.APPLICATION_JSON)
                .content("{\"target\": {\"baseUrl\": \"http://127.0.0.1:9402\"}}")).andExpect(status().isAccepted());
        JsonNode schedule = nightly();

        clock.set(Instant.parse("2026-06-02T03:00:05Z"));
        assertThat(schedules.runDue()).isEqualTo(1);
        assertThat(scansOfTenant()).as("no second scan over the quota").hasSize(1);
        JsonNode after = body(call(admin, get("/api/v1/schedules/" + schedule.get("id").asString())));
        assertThat(after.get("lastError").asString()).contains("concurrentScans");
        assertThat(after.get("lastScanId").isNull()).isTrue();
        assertThat(after.get("nextRunAt").asString()).isEqualTo("2026-06-03T03:00:00Z");
    }

    @Test
    void badInputNamesTheField() throws Exception {
        String target = "\"targetId\": \"" + targetId + "\"";
        create(admin, "{" + target + ", \"cron\": \"every night\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("cron:")));
        create(admin, "{" + target + ", \"cron\": \"@daily\", \"zone\": \"Mars/Olympus\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", containsString("zone:")));
        create(admin, "{" + target + ", \"cron\": \"@daily\", \"scan\": {\"target\": {\"baseUrl\": \"http://x\"}}}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", containsString("scan.target")));
        create(admin, "{" + target + ", \"cron\": \"@daily\", \"scan\": {\"endpoints\": [{\"method\": \"FETCH\", "
                + "\"path\": \"/x\"}]}}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("scan.endpoints[0].method")));
        create(admin, "{\"targetId\": \"" + UUID.randomUUID() + "\", \"cron\": \"@daily\"}")
                .andExpect(status().isNotFound());
        String scanKey = keys.issue(tenant, "scan", Role.SCAN, null).key();
        create(scanKey, "{" + target + ", \"cron\": \"@daily\"}").andExpect(status().isForbidden());
        create(admin, "{" + target + ", \"cron\": \"@daily\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.zone").value("UTC"))
                .andExpect(jsonPath("$.nextRunAt").value("2026-06-02T00:00:00Z"));
    }

    @Test
    void aScheduledScanThatFoundANewLeakRaisesScanRegressed() throws Exception {
        call(admin, post("/api/v1/webhooks").contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"scan.regressed\"]}"))
                .andExpect(status().isCreated());
        JsonNode report = json.readTree(Files.readString(Repo.path("engine/src/test/resources/report/golden/stream-leaky.json"))
                .replace("{{instant}}", "2026-05-01T12:00:00Z")
                .replaceAll("\"durationMs\"\\s*:\\s*\\d+", "\"durationMs\": 0"));
        JsonNode goroutineLeak = null;
        for (JsonNode f : report.get("findings")) {
            if (f.get("kind").asString().equals("GOROUTINE_LEAK")) {
                goroutineLeak = f;
            }
        }
        nightly();
        // the previous scan of the target, by hand: clean
        call(admin, post("/api/v1/scans").contentType(MediaType.APPLICATION_JSON)
                .content("{\"target\": {\"baseUrl\": \"http://127.0.0.1:9401\"}}")).andExpect(status().isAccepted());
        UUID previous = scansOfTenant().getFirst();
        finish(previous, T0.plusSeconds(60), report, null);

        clock.set(Instant.parse("2026-06-02T03:00:05Z"));
        schedules.runDue();
        UUID scheduled = scansOfTenant().getLast();
        finish(scheduled, Instant.parse("2026-06-02T03:02:00Z"), report, goroutineLeak);

        assertThat(jdbc.queryForList("SELECT event_type FROM webhook_deliveries WHERE scan_id = ?", String.class,
                scheduled)).containsExactly("scan.regressed");
        assertThat(jdbc.queryForList("SELECT event_type FROM webhook_deliveries WHERE scan_id = ?", String.class,
                previous)).as("not scheduled").isEmpty();
    }

    /** Ends a scan as the worker would: findings and report stored, final state and ScanFinished in one transaction. */
    void finish(UUID scan, Instant at, JsonNode report, JsonNode finding) {
        tx.executeWithoutResult(status -> {
            if (finding != null) {
                jdbc.update("INSERT INTO scan_findings (scan_id, ordinal, kind, severity, scope, title, finding) "
                                + "VALUES (?, 0, ?, ?, ?, ?, CAST(? AS jsonb))", scan, finding.get("kind").asString(),
                        finding.get("severity").asString(), finding.get("scope").asString(),
                        finding.get("title").asString(), finding.toString());
            }
            jdbc.update("INSERT INTO scan_reports (scan_id, report, created_at) VALUES (?, CAST(? AS jsonb), ?)",
                    scan, report.toString(), Timestamp.from(at));
            jdbc.update("UPDATE scans SET status = 'SUCCEEDED', started_at = queued_at, finished_at = ?, "
                    + "verdict = ? WHERE id = ?", Timestamp.from(at), finding == null ? "CLEAN" : "LEAKS_FOUND", scan);
            events.publishEvent(new ScanFinished(scan, tenant, ScanState.SUCCEEDED, at));
        });
    }
}
