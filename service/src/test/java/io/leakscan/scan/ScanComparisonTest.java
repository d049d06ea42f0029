package io.leakscan.scan;

import io.leakscan.SharedServiceContext;
import io.leakscan.lab.Repo;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A scan against the previous successful scan of its target, through the API and the real database: new, still
 * there, fixed, and not re-tested; failed scans and other targets are passed over.
 */
@SharedServiceContext
class ScanComparisonTest {

    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    static final String TARGET = "http://127.0.0.1:9301";

    @Autowired
    MockMvc mvc;
    @Autowired
    ScanStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;

    UUID tenant;
    String key;

    @BeforeEach
    void newTenant() {
        tenant = tenants.create("comparison-" + UUID.randomUUID()).id();
        key = keys.issue(tenant, "compare", Role.READ, null).key();
    }

    /** The golden report {@code name} with real instants (its placeholders are for the golden comparison). */
    JsonNode golden(String name) throws IOException {
        return json.readTree(Files.readString(Repo.path("engine/src/test/resources/report/golden/" + name + ".json"))
                .replace("{{instant}}", "2026-05-01T12:00:00Z")
                .replaceAll("\"durationMs\"\\s*:\\s*\\d+", "\"durationMs\": 0"));
    }

    /** A finished scan of {@code target} with {@code findings} stored, and {@code report} as its report. */
    UUID scan(String target, String state, Instant finished, JsonNode report, List<JsonNode> findings) {
        UUID id = UUID.randomUUID();
        store.insert(ScanRow.queued(id, tenant, finished.minusSeconds(60), target, TargetKey.of(URI.create(target)),
                Profile.QUICK, false, "{\"target\": {\"baseUrl\": \"" + target + "\"}}", null, "h"));
        jdbc.update("UPDATE scans SET status = ?, started_at = queued_at, finished_at = ? WHERE id = ?", state,
                Timestamp.from(finished), id);
        for (int i = 0; i < findings.size(); i++) {
            JsonNode f = findings.get(i);
            jdbc.update("INSERT INTO scan_findings (scan_id, ordinal, kind, severity, scope, title, finding) "
                            + "VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))", id, i, f.get("kind").asString(),
                    f.get("severity").asString(), f.get("scope").asString(), f.get("title").asString(),
                    f.toString());
        }
        jdbc.update("INSERT INTO scan_reports (scan_id, report, created_at) VALUES (?, CAST(? AS jsonb), ?)", id,
                report.toString(), Timestamp.from(finished));
        return id;
    }

    static List<JsonNode> findings(JsonNode report, String... kinds) {
        List<JsonNode> out = new ArrayList<>();
        for (String kind : kinds) {
            report.get("findings").forEach(f -> {
                if (f.get("kind").asString().equals(kind)) {
                    out.add(f);
                }
            });
        }
        return out;
    }

    JsonNode compare(UUID scan) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/scans/" + scan + "/comparison")
                        .header("Authorization", "Bearer " + key))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    static List<String> kinds(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("kind").asString() + " " + (i.get("endpoint").isNull() ? "-"
                : i.at("/endpoint/method").asString() + " " + i.at("/endpoint/path").asString())));
        return out;
    }

    @Test
    void newStillFixedAndNotRetestedAgainstThePreviousSuccessfulScanOfTheTarget() throws Exception {
        JsonNode stream = golden("stream-leaky");
        JsonNode shop = golden("shop-heap-keys");
        List<JsonNode> first = new ArrayList<>(findings(stream, "ABORT_IGNORED", "GOROUTINE_LEAK"));
        first.addAll(findings(shop, "KEY_CARDINALITY_GROWTH"));
        UUID previous = scan(TARGET, "SUCCEEDED", T0, stream, first);
        scan(TARGET, "FAILED", T0.plusSeconds(100), stream, List.of());
        scan("http://127.0.0.1:9302", "SUCCEEDED", T0.plusSeconds(150), stream, List.of());
        List<JsonNode> second = new ArrayList<>(findings(stream, "GOROUTINE_LEAK"));
        second.addAll(findings(shop, "HEAP_GROWTH"));
        // the second scan probed what the stream app's report lists: GET /stream and GET /status
        UUID current = scan(TARGET, "SUCCEEDED", T0.plusSeconds(200), stream, second);

        JsonNode result = compare(current);
        assertThat(result.get("previousScanId").asString()).as("the failed scan and the other target are passed over")
                .isEqualTo(previous.toString());
        assertThat(kinds(result.get("newFindings"))).containsExactly("HEAP_GROWTH POST /api/items");
        assertThat(kinds(result.get("stillThere"))).containsExactly("GOROUTINE_LEAK GET /stream");
        assertThat(kinds(result.get("fixed"))).containsExactly("ABORT_IGNORED GET /stream");
        assertThat(kinds(result.get("notRetested"))).as("GET /api/limited was not probed this time")
                .containsExactly("KEY_CARDINALITY_GROWTH GET /api/limited");
        assertThat(result.at("/stillThere/0/fingerprint").asString()).matches("[0-9a-f]{32}");

        JsonNode firstEver = compare(previous);
        assertThat(firstEver.get("previousScanId").isNull()).isTrue();
        assertThat(firstEver.get("newFindings")).hasSize(3);
    }

    @Test
    void onlyASucceededScanOfTheTenantCanBeCompared() throws Exception {
        UUID failed = scan(TARGET, "FAILED", T0, golden("stream-leaky"), List.of());
        mvc.perform(get("/api/v1/scans/" + failed + "/comparison").header("Authorization", "Bearer " + key))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.detail", containsString("FAILED")));
        mvc.perform(get("/api/v1/scans/" + UUID.randomUUID() + "/comparison")
                .header("Authorization", "Bearer " + key)).andExpect(status().isNotFound());
    }
}
