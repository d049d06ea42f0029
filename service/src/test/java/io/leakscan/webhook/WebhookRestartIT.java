package io.leakscan.webhook;

import io.leakscan.LeakscanApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole application contexts ("nodes") on one embedded PostgreSQL, as service instances sharing a database: a
 * delivery left pending by a node that stopped is sent by the next one, and two nodes running side by side deliver
 * every event exactly once.
 */
class WebhookRestartIT {

    static EmbeddedPostgres postgres;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    static ConfigurableApplicationContext node(String id, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--leakscan.worker.node-id=" + id,
                "--leakscan.webhooks.allow-private-destinations=true"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(LeakscanApplication.class).run(args.toArray(String[]::new));
    }

    static Api api(ConfigurableApplicationContext node, String key) {
        return new Api(node.getEnvironment().getRequiredProperty("local.server.port", Integer.class), key);
    }

    @Test
    void aDeliveryPendingWhenItsNodeStopsIsSentByTheNextNode() throws IOException {
        try (Receiver receiver = new Receiver()) {
            receiver.otherwise(Receiver.Answer.of(500));
            String subscription;
            String scan;
            // the first retry is due 3 s after a failed attempt: the node is gone by then
            try (ConfigurableApplicationContext first = node("node-1", "--leakscan.webhooks.retry.initial-delay=3s",
                    "--leakscan.webhooks.retry.max-delay=3s")) {
                Api api = api(first, Api.BOOTSTRAP_KEY);
                subscription = api.subscribe(receiver.url("/restart"), "scan.failed").path("id").asString();
                scan = api.failingScan(null);
                api.awaitScan(scan, "FAILED");
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forScan(scan).size() == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> "PENDING".equals(jdbc.queryForObject(
                        "SELECT status FROM webhook_deliveries WHERE scan_id = ?::uuid", String.class, scan)));
            }
            Map<String, Object> pending = jdbc.queryForMap(
                    "SELECT status, attempts, next_attempt_at > now() AS later FROM webhook_deliveries "
                            + "WHERE scan_id = ?::uuid", scan);
            assertThat(pending).containsEntry("status", "PENDING").containsEntry("attempts", 1);

            receiver.otherwise(Receiver.Answer.of(200));
            try (ConfigurableApplicationContext second = node("node-2")) {
                Api api = api(second, Api.BOOTSTRAP_KEY);
                await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(api.get(
                        "/api/v1/webhooks/" + subscription + "/deliveries").path("items").path(0).path("status")
                        .asString()));
                JsonNode log = api.get("/api/v1/webhooks/" + subscription + "/deliveries").path("items").path(0)
                        .path("attemptLog");
                assertThat(log.valueStream().map(a -> a.path("statusCode").asInt())).containsExactly(500, 200);
            }
            List<Receiver.Received> seen = receiver.forScan(scan);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0).header("Leakscan-Event-Id")).isEqualTo(seen.get(1).header("Leakscan-Event-Id"));
            assertThat(seen.get(0).bodyText()).isEqualTo(seen.get(1).bodyText());
        }
    }

    @Test
    void twoNodesSideBySideDeliverEveryEventExactlyOnce() throws IOException {
        try (Receiver receiver = new Receiver();
             ConfigurableApplicationContext a = node("node-a");
             ConfigurableApplicationContext b = node("node-b")) {
            Api viaA = Api.newTenant(api(a, null).port(), "two-nodes");
            Api viaB = new Api(api(b, null).port(), viaA.key());
            viaA.subscribe(receiver.url("/both"), "scan.failed");
            List<String> scans = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                scans.add((i % 2 == 0 ? viaA : viaB).failingScan(null));
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE scan_id = ANY(?::uuid[]) "
                            + "AND status = 'SUCCEEDED'", Integer.class, (Object) scans.toArray(String[]::new)) == 12);
            Map<String, Long> perEvent = receiver.received.stream()
                    .collect(Collectors.groupingBy(r -> r.header("Leakscan-Event-Id"), Collectors.counting()));
            assertThat(perEvent).hasSize(12);
            assertThat(perEvent.values()).containsOnly(1L);
            assertThat(Stream.of(scans.toArray(String[]::new)).map(receiver::forScan)).allMatch(l -> l.size() == 1);
        }
    }
}
