package io.leakscan.scan;

import com.zaxxer.hikari.HikariDataSource;
import io.leakscan.LeakscanApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two independent application contexts ("nodes") share one embedded PostgreSQL, as two service instances would.
 * Worker timings come from src/test/resources/config/application.yml (heartbeat 200 ms, reaper every 300 ms) and
 * {@link #node}: lease 5 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    static EmbeddedPostgres postgres;
    static final List<EchoLikeServer> targets = new ArrayList<>();
    static final Map<String, ConfigurableApplicationContext> nodes = new ConcurrentHashMap<>();
    static JdbcTemplate jdbc;
    static UUID tenant;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        for (int i = 0; i < 5; i++) {
            targets.add(new EchoLikeServer());
        }
        nodes.put("node-a", node("node-a"));
        nodes.put("node-b", node("node-b"));
        jdbc = new JdbcTemplate(nodes.get("node-a").getBean(DataSource.class));
        tenant = jdbc.queryForObject("SELECT id FROM tenants ORDER BY created_at LIMIT 1", UUID.class);
    }

    @AfterAll
    static void stop() throws IOException {
        nodes.values().forEach(ConfigurableApplicationContext::close);
        targets.forEach(EchoLikeServer::close);
        postgres.close();
    }

    static ConfigurableApplicationContext node(String id) {
        // command-line arguments, so they win over src/test/resources/config/application.yml
        return new SpringApplicationBuilder(LeakscanApplication.class, ScanTestConfiguration.class)
                .web(WebApplicationType.NONE)
                .run("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--spring.main.banner-mode=off",
                        "--leakscan.worker.node-id=" + id,
                        // these nodes test the queue: the recording phase stands in for the engine
                        "--leakscan.scan.engine.enabled=false",
                        "--leakscan.worker.pool-size=4",
                        "--leakscan.worker.poll-interval=20ms",
                        // a busy CI machine must neither time scans out nor miss a heartbeat here
                        "--leakscan.worker.scan-timeout=60s",
                        "--leakscan.worker.lease-timeout=5s");
    }

    static UUID submit(ConfigurableApplicationContext node, String baseUrl, String path) {
        ScanRequest request = new ScanRequest(new ScanRequest.TargetRequest(baseUrl, Map.of()),
                List.of(new ScanRequest.EndpointRequest("GET", path, null, null, null, null)),
                Profile.QUICK, false, null, null, null, null);
        return node.getBean(ScanService.class).submit(tenant, request, null).scan().id();
    }

    @Test
    @Order(1)
    void twoNodesDrainAHundredScansEachRunExactlyOnceNeverTwoPerTarget() throws Exception {
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicBoolean checking = new AtomicBoolean(true);
        // an independent connection watches the table the whole time
        SingleConnectionDataSource watcherDs = new SingleConnectionDataSource(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", true);
        JdbcTemplate watcher = new JdbcTemplate(watcherDs);
        Thread checker = Thread.ofVirtual().start(() -> {
            while (checking.get()) {
                violations.addAll(watcher.queryForList("""
                        SELECT target_key FROM scans WHERE status = 'RUNNING'
                        GROUP BY target_key HAVING count(*) > 1""", String.class));
                Integer running = watcher.queryForObject("SELECT count(*) FROM scans WHERE status = 'RUNNING'",
                        Integer.class);
                maxRunning.accumulateAndGet(running == null ? 0 : running, Math::max);
            }
        });

        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ConfigurableApplicationContext via = i % 2 == 0 ? nodes.get("node-a") : nodes.get("node-b");
            ids.add(submit(via, targets.get(i % targets.size()).baseUrl(), "/"));
        }
        Object idArray = ids.stream().map(UUID::toString).toArray(String[]::new);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM scans WHERE id = ANY(?::uuid[]) AND status IN ('QUEUED', 'RUNNING')",
                        Integer.class, idArray) == 0);
        assertThat(jdbc.queryForList("SELECT status FROM scans WHERE id = ANY(?::uuid[])", String.class, idArray))
                .hasSize(100).containsOnly("SUCCEEDED");
        checking.set(false);
        checker.join();
        watcherDs.destroy();

        for (UUID id : ids) {
            assertThat(RecordingStep.RUNS.get(id)).as("runs of scan %s", id).hasValue(1);
        }
        assertThat(violations).as("targets seen with two RUNNING scans").isEmpty();
        assertThat(RecordingStep.OVERLAPS).as("targets run twice at once").isEmpty();
        assertThat(maxRunning.get()).as("scans of different targets ran in parallel").isGreaterThan(1);
        List<String> pickers = jdbc.queryForList("SELECT DISTINCT picked_by FROM scans WHERE id = ANY(?::uuid[])",
                String.class, (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
        assertThat(pickers).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(jdbc.queryForObject("SELECT max(attempt) FROM scans WHERE id = ANY(?::uuid[])", Integer.class,
                (Object) ids.stream().map(UUID::toString).toArray(String[]::new))).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aScanOfANodeThatDiesIsReclaimedAndFinishedByTheOther() throws IOException {
        try (EchoLikeServer target = new EchoLikeServer()) {
            UUID id = submit(nodes.get("node-a"), target.baseUrl(), "/hold"); // holds on its first attempt
            await().atMost(Duration.ofSeconds(20)).until(() -> RecordingStep.RUNS.containsKey(id));
            String victim = jdbc.queryForObject("SELECT picked_by FROM scans WHERE id = ?", String.class, id);
            String survivor = victim.equals("node-a") ? "node-b" : "node-a";
            JdbcTemplate survivorJdbc = new JdbcTemplate(nodes.get(survivor).getBean(DataSource.class));

            // the victim loses its database, as in a crash or a network partition, then goes away
            ConfigurableApplicationContext dead = nodes.remove(victim);
            dead.getBean(HikariDataSource.class).close();
            dead.close();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "SUCCEEDED".equals(
                    survivorJdbc.queryForObject("SELECT status FROM scans WHERE id = ?", String.class, id)));
            Map<String, Object> row = survivorJdbc.queryForMap("SELECT picked_by, attempt FROM scans WHERE id = ?", id);
            assertThat(row.get("picked_by")).isEqualTo(survivor);
            assertThat(row.get("attempt")).isEqualTo(2);
            assertThat(RecordingStep.RUNS.get(id)).hasValue(2);
            // the survivor keeps serving: bring a second node back for the next test
            nodes.put(victim, node(victim));
        }
    }

    @Test
    @Order(3)
    void aNodeShuttingDownHandsItsRunningScanBackToTheQueue() throws IOException {
        try (EchoLikeServer target = new EchoLikeServer()) {
            UUID id = submit(nodes.get("node-a"), target.baseUrl(), "/hold");
            await().atMost(Duration.ofSeconds(20)).until(() -> RecordingStep.RUNS.containsKey(id));
            String leaving = jdbc().queryForObject("SELECT picked_by FROM scans WHERE id = ?", String.class, id);
            String staying = leaving.equals("node-a") ? "node-b" : "node-a";
            JdbcTemplate stayingJdbc = new JdbcTemplate(nodes.get(staying).getBean(DataSource.class));

            long start = System.nanoTime();
            nodes.remove(leaving).close(); // graceful: 1 s grace in tests, then hand back
            Map<String, Object> row = stayingJdbc.queryForMap(
                    "SELECT status, picked_by, attempt FROM scans WHERE id = ?", id);
            // handed back at once, not left for the reaper's lease timeout; the interrupted run is not an attempt
            assertThat(row.get("picked_by")).isNotEqualTo(leaving);
            assertThat(row.get("status")).isIn("QUEUED", "RUNNING");
            assertThat((Integer) row.get("attempt")).isLessThanOrEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

            // the other node takes it over; on this (first) attempt it holds again, so cancel it
            await().atMost(Duration.ofSeconds(10)).until(() -> staying.equals(
                    stayingJdbc.queryForObject("SELECT picked_by FROM scans WHERE id = ?", String.class, id)));
            nodes.get(staying).getBean(ScanService.class).cancel(tenant, id);
            await().atMost(Duration.ofSeconds(5)).until(() -> "CANCELLED".equals(
                    stayingJdbc.queryForObject("SELECT status FROM scans WHERE id = ?", String.class, id)));
        }
    }

    private static JdbcTemplate jdbc() {
        return new JdbcTemplate(nodes.values().iterator().next().getBean(DataSource.class));
    }
}
