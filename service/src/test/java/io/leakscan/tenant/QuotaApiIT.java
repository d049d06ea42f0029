package io.leakscan.tenant;

import io.leakscan.scan.ScanTestConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Quotas through the API against the real database: each refusal, its problem body and its Retry-After. */
@SpringBootTest(properties = {"leakscan.worker.enabled=false", "leakscan.tenant.quota.concurrent-retry-after=45s"})
@AutoConfigureMockMvc
@Import({ScanTestConfiguration.class, SettableClockConfiguration.class})
class QuotaApiIT {

    static final String ADMIN_KEY = "test-admin-key-000000000000000000000";
    static final Instant T0 = SettableClockConfiguration.T0;
    static final AtomicInteger PORTS = new AtomicInteger(21000);

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

    UUID tenant;
    String key;

    @BeforeEach
    void newTenant() {
        clock.set(T0);
        tenant = tenants.create("quota-test").id();
        key = keys.issue(tenant, "quota").key();
    }

    ResultActions setQuota(String body) throws Exception {
        return mvc.perform(put("/api/v1/admin/tenants/" + tenant + "/quota").header("Authorization", "Bearer " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    ResultActions submit(String extra) throws Exception {
        String body = "{\"target\": {\"baseUrl\": \"http://127.0.0.1:" + PORTS.incrementAndGet() + "\"}, \"profile\": \"quick\""
                + extra + "}";
        return mvc.perform(post("/api/v1/scans").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    String submitted() throws Exception {
        String body = submit("").andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        return json.readTree(body).get("id").asString();
    }

    void cancel(String id) throws Exception {
        mvc.perform(post("/api/v1/scans/" + id + "/cancel").header("Authorization", "Bearer " + key))
                .andExpect(status().isAccepted());
    }

    static ResultActions refused(ResultActions result, String quota, int limit) throws Exception {
        return result.andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://leakscan.io/problems/quota-exceeded"))
                .andExpect(jsonPath("$.title").value("Quota exceeded"))
                .andExpect(jsonPath("$.quota").value(quota))
                .andExpect(jsonPath("$.limit").value(limit));
    }

    @Test
    void aThirdScanAtOnceIsRefusedWithTheConfiguredRetryAfterUntilOneEnds() throws Exception {
        setQuota("{\"concurrentScans\": 2}").andExpect(status().isOk())
                .andExpect(jsonPath("$.overrides.concurrentScans").value(2))
                .andExpect(jsonPath("$.effective.concurrentScans").value(2))
                .andExpect(jsonPath("$.effective.scansPerDay").doesNotExist());
        String first = submitted();
        submitted();
        refused(submit(""), "concurrentScans", 2)
                .andExpect(header().string("Retry-After", "45"))
                .andExpect(jsonPath("$.detail").value(containsString("2 scans queued or running")));

        cancel(first);
        submitted();
        mvc.perform(get("/api/v1/quota").header("Authorization", "Bearer " + key)).andExpect(status().isOk())
                .andExpect(jsonPath("$.quota.concurrentScans").value(2))
                .andExpect(jsonPath("$.activeScans").value(2))
                .andExpect(jsonPath("$.scansLast24Hours").value(3));
    }

    @Test
    void theDailyQuotaSlidesAndRetryAfterSaysWhenTheOldestSubmissionLeavesTheWindow() throws Exception {
        setQuota("{\"scansPerDay\": 3}").andExpect(status().isOk());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clock.set(T0.plus(Duration.ofMinutes(10L * i)));
            ids.add(submitted());
        }
        for (String id : ids) {
            cancel(id); // ended scans still count against the day
        }
        clock.set(T0.plus(Duration.ofHours(1)));
        refused(submit(""), "scansPerDay", 3)
                .andExpect(header().string("Retry-After", Long.toString(Duration.ofHours(23).toSeconds())));

        // one second before the first submission leaves the window: still refused, one second to go
        clock.set(T0.plus(Duration.ofDays(1)).minusSeconds(1));
        refused(submit(""), "scansPerDay", 3).andExpect(header().string("Retry-After", "1"));
        clock.set(T0.plus(Duration.ofDays(1)));
        submitted();
        // and the next room appears when the second one leaves, ten minutes after the first
        refused(submit(""), "scansPerDay", 3).andExpect(header().string("Retry-After", "600"));
    }

    @Test
    void explicitRatesAndConcurrencyAboveTheTenantsCapsAreRefusedAndDefaultsAreHeldToThem() throws Exception {
        setQuota("{\"maxRequestsPerSecond\": 50, \"maxConcurrency\": 4}").andExpect(status().isOk());
        capRefused(submit(", \"tuning\": {\"requestsPerSecond\": 51}"), "maxRequestsPerSecond", 50,
                "tuning.requestsPerSecond 51 exceeds this tenant's quota maxRequestsPerSecond of 50.");
        capRefused(submit(", \"limits\": {\"maxRequestsPerSecond\": 400}"), "maxRequestsPerSecond", 50,
                "limits.maxRequestsPerSecond 400 exceeds this tenant's quota maxRequestsPerSecond of 50.");
        capRefused(submit(", \"tuning\": {\"concurrency\": 5}"), "maxConcurrency", 4,
                "tuning.concurrency 5 exceeds this tenant's quota maxConcurrency of 4.");
        capRefused(submit(", \"limits\": {\"maxConcurrency\": 8}"), "maxConcurrency", 4,
                "limits.maxConcurrency 8 exceeds this tenant's quota maxConcurrency of 4.");

        // nothing asked: the server's defaults (200 req/s, 16) and the quick profile's pace are held to the caps
        JsonNode scan = json.readTree(submit("").andExpect(status().isAccepted()).andReturn().getResponse()
                .getContentAsString());
        assertThat(scan.at("/limits/maxRequestsPerSecond").asInt()).isEqualTo(50);
        assertThat(scan.at("/limits/maxConcurrency").asInt()).isEqualTo(4);
        // at the cap is allowed
        JsonNode asked = json.readTree(submit(", \"tuning\": {\"requestsPerSecond\": 50, \"concurrency\": 4},"
                + " \"limits\": {\"maxRequestsPerSecond\": 20}").andExpect(status().isAccepted()).andReturn()
                .getResponse().getContentAsString());
        assertThat(asked.at("/limits/maxRequestsPerSecond").asInt()).isEqualTo(20);
    }

    void capRefused(ResultActions result, String quota, int limit, String detail) throws Exception {
        result.andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://leakscan.io/problems/quota-cap"))
                .andExpect(jsonPath("$.quota").value(quota))
                .andExpect(jsonPath("$.limit").value(limit))
                .andExpect(jsonPath("$.detail").value(detail))
                .andExpect(header().doesNotExist("Retry-After"));
    }

    @Test
    void concurrentSubmissionsCannotOvershootTheQuota() throws Exception {
        setQuota("{\"concurrentScans\": 3}").andExpect(status().isOk());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(() -> submit("").andReturn().getResponse().getStatus());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(3);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(9);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theAdminSetsAndClearsOverridesAndBadValuesAreRefused() throws Exception {
        setQuota("{\"concurrentScans\": 0}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("concurrentScans"));
        setQuota("{\"scansPerDay\": -1}").andExpect(status().isBadRequest());
        mvc.perform(put("/api/v1/admin/tenants/" + UUID.randomUUID() + "/quota")
                        .header("Authorization", "Bearer " + ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isNotFound());
        // a tenant key is not the admin key
        mvc.perform(put("/api/v1/admin/tenants/" + tenant + "/quota").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).content("{\"concurrentScans\": 100}"))
                .andExpect(status().isUnauthorized());

        setQuota("{\"concurrentScans\": 1}").andExpect(status().isOk());
        submitted();
        refused(submit(""), "concurrentScans", 1);
        setQuota("{}").andExpect(status().isOk()).andExpect(jsonPath("$.overrides.concurrentScans").doesNotExist());
        mvc.perform(get("/api/v1/admin/tenants/" + tenant + "/quota").header("Authorization", "Bearer " + ADMIN_KEY))
                .andExpect(status().isOk()).andExpect(jsonPath("$.effective.concurrentScans").doesNotExist());
        submitted(); // the default is no limit
    }
}
