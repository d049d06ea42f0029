package io.leakscan.scan;

import io.leakscan.LeakscanApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops for longer than the lease timeout under a scan that is running, then starts again on the same data.
 * The scan's worker never stopped, so the scan must carry on as the same attempt: before the fix the node's own reaper
 * saw every heartbeat older than the lease the moment the database was back, requeued the running scan and started it
 * again from scratch (and after max-attempts such outages would have failed it WORKER_LOST).
 */
class ScanAcrossDatabaseOutageIT {

    static final Duration LEASE = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    EmbeddedPostgres postgres;
    ConfigurableApplicationContext node;
    EchoLikeServer target;

    EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data")).setCleanDataDirectory(false)
                .setPort(port).setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    @AfterEach
    void stop() throws IOException {
        if (node != null) {
            node.close();
        }
        if (target != null) {
            target.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aRunningScanCarriesOnAsTheSameAttemptWhenTheDatabaseComesBack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        postgres = startPostgres(port);
        target = new EchoLikeServer();
        // command-line arguments, so they win over src/test/resources/config/application.yml
        node = new SpringApplicationBuilder(LeakscanApplication.class, ScanTestConfiguration.class)
                .web(WebApplicationType.NONE)
                .run("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres", "--spring.datasource.password=",
                        "--spring.datasource.hikari.connection-timeout=1000", "--spring.main.banner-mode=off",
                        "--leakscan.worker.node-id=node-a", "--leakscan.scan.engine.enabled=false",
                        "--leakscan.worker.lease-timeout=" + LEASE.toSeconds() + "s",
                        // the reaper ticks far more often than the heartbeat, so after the outage it looks first,
                        // as it did in the bench (production: heartbeat 5 s, reaper 10 s, whichever comes first)
                        "--leakscan.worker.heartbeat-interval=2s", "--leakscan.worker.reaper-interval=200ms",
                        "--leakscan.worker.scan-timeout=120s", "--leakscan.schedules.enabled=false",
                        "--leakscan.webhooks.dispatcher-enabled=false");
        JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
        UUID tenant = jdbc.queryForObject("SELECT id FROM tenants ORDER BY created_at LIMIT 1", UUID.class);
        ScanService scans = node.getBean(ScanService.class);
        // "/hold": the recording step runs until it is cancelled, on the first attempt only
        UUID id = scans.submit(tenant, new ScanRequest(new ScanRequest.TargetRequest(target.baseUrl(), Map.of()),
                List.of(new ScanRequest.EndpointRequest("GET", "/hold", null, null, null, null)),
                Profile.QUICK, false, null, null, null, null), null).scan().id();
        await().atMost(Duration.ofSeconds(30)).until(() -> RecordingStep.RUNS.containsKey(id));

        postgres.close();
        postgres = null;
        Instant stopped = Instant.now();
        // down for longer than the lease: every heartbeat is older than it when the database is back
        await().atMost(LEASE.multipliedBy(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(stopped.plus(LEASE).plusSeconds(2)));
        postgres = startPostgres(port);

        // three leases and many reaper ticks later the scan still runs as its first attempt, on its first run
        await().during(LEASE.multipliedBy(3)).atMost(LEASE.multipliedBy(6)).pollInterval(Duration.ofMillis(200))
                .until(() -> statusAndAttempt(jdbc, id).equals("RUNNING 1"));
        assertThat(RecordingStep.RUNS.get(id)).hasValue(1);

        scans.cancel(tenant, id);
        await().atMost(Duration.ofSeconds(30)).until(() -> statusAndAttempt(jdbc, id).equals("CANCELLED 1"));
        assertThat(RecordingStep.RUNS.get(id)).hasValue(1);
    }

    static String statusAndAttempt(JdbcTemplate jdbc, UUID id) {
        try {
            return jdbc.queryForObject("SELECT status || ' ' || attempt FROM scans WHERE id = ?", String.class, id);
        } catch (RuntimeException e) {
            return "unreachable: " + e;
        }
    }
}
