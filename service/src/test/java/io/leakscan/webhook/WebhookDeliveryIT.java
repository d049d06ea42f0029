package io.leakscan.webhook;

import com.sun.net.httpserver.HttpServer;
import io.leakscan.scan.ScanFinished;
import io.leakscan.scan.ScanState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.leakscan.webhook.Api.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The whole service on a random port, real scans through the real API, a real receiver on 127.0.0.1. Loopback
 * receivers need {@code allow-private-destinations}; retries run on the test schedule (100 ms doubling to 400 ms,
 * 8 attempts) with a 2 s timeout (src/test/resources/config/application.yml).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.webhooks.allow-private-destinations=true")
class WebhookDeliveryIT {

    @LocalServerPort
    int port;

    static boolean verifies(Receiver.Received r, String secret) {
        return Signatures.verifyLegacy(r.header("Leakscan-Signature"), r.body(), secret,
                Instant.now().getEpochSecond(), 300);
    }

    static List<String> v1Entries(Receiver.Received r) {
        List<String> out = new ArrayList<>();
        for (String part : r.header("Leakscan-Signature").split(",")) {
            if (part.startsWith("v1=")) {
                out.add(part);
            }
        }
        return out;
    }

    @Test
    void aFailedScanIsDeliveredSignedVersionedAndLogged() throws Exception {
        Api api = Api.newTenant(port, "signed");
        try (Receiver receiver = new Receiver()) {
            JsonNode sub = api.subscribe(receiver.url("/hooks"), "scan.failed", "scan.succeeded");
            String secret = sub.path("secret").asString();
            assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
            JsonNode read = api.get("/api/v1/webhooks/" + sub.path("id").asString());
            assertThat(read.path("secret").isNull() || read.path("secret").isMissingNode())
                    .as("the secret is shown only once").isTrue();

            String scan = api.failingScan(null);
            JsonNode finished = api.awaitScan(scan, "FAILED");
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forScan(scan).size() == 1);
            Receiver.Received got = receiver.forScan(scan).getFirst();

            assertThat(got.path()).isEqualTo("/hooks");
            assertThat(got.header("Content-Type")).isEqualTo("application/json");
            assertThat(got.header("Leakscan-Event-Type")).isEqualTo("scan.failed");
            assertThat(verifies(got, secret)).as("HMAC over t.body with the subscription's secret").isTrue();
            assertThat(verifies(got, "whsec_wrong")).isFalse();
            byte[] tampered = got.bodyText().replace("FAILED", "SUCCEEDED").getBytes(StandardCharsets.UTF_8);
            assertThat(Signatures.verifyLegacy(got.header("Leakscan-Signature"), tampered, secret,
                    Instant.now().getEpochSecond(), 300)).isFalse();
            assertThat(Signatures.verifyLegacy(got.header("Leakscan-Signature"), got.body(), secret,
                    Instant.now().getEpochSecond() + 301, 300)).as("a replay older than 5 minutes").isFalse();

            // Standard Webhooks, checked by the Go verifier written from the spec on the bytes that arrived
            assertThat(GoWebhookVerifier.verify(got, secret)).isEqualTo(new GoWebhookVerifier.Outcome(0, "ok"));
            GoWebhookVerifier.Outcome wrong = GoWebhookVerifier.verify(got, Signatures.newSecret());
            assertThat(wrong.verified()).isFalse();
            assertThat(wrong.output()).contains("no v1 signature matches");
            Receiver.Received forged = new Receiver.Received(got.at(), got.path(), got.headers(), tampered,
                    got.answered());
            assertThat(GoWebhookVerifier.verify(forged, secret).verified()).as("tampered body").isFalse();
            assertThat(got.header("webhook-id")).isEqualTo(got.header("Leakscan-Event-Id"));
            assertThat(Long.parseLong(got.header("webhook-timestamp")))
                    .isCloseTo(Instant.now().getEpochSecond(), within(60L));

            JsonNode body = JSON.readTree(got.body());
            assertThat(body.path("version").asInt()).isEqualTo(1);
            assertThat(body.path("id").asString()).isEqualTo(got.header("Leakscan-Event-Id"));
            assertThat(body.path("type").asString()).isEqualTo("scan.failed");
            assertThat(body.path("scan").path("id").asString()).isEqualTo(scan);
            assertThat(body.path("scan").path("status").asString()).isEqualTo("FAILED");
            assertThat(body.path("scan").path("target").path("baseUrl").asString()).startsWith("http://127.0.0.1:");
            assertThat(body.path("scan").path("failure").path("code").asString())
                    .isEqualTo(finished.path("failure").path("code").asString()).isNotBlank();
            assertThat(body.path("scan").path("findingCount").asInt()).isZero();
            assertThat(body.path("topFindings").isArray()).isTrue();
            assertThat(body.path("links").path("scan").asString()).isEqualTo("/api/v1/scans/" + scan);
            assertThat(body.path("links").path("report").asString())
                    .isEqualTo("/api/v1/scans/" + scan + "/report?format=json");

            JsonNode deliveries = api.get("/api/v1/webhooks/" + sub.path("id").asString() + "/deliveries");
            await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(api.get("/api/v1/webhooks/"
                    + sub.path("id").asString() + "/deliveries").path("items").path(0).path("status").asString()));
            deliveries = api.get("/api/v1/webhooks/" + sub.path("id").asString() + "/deliveries");
            JsonNode d = deliveries.path("items").path(0);
            assertThat(d.path("eventId").asString()).isEqualTo(body.path("id").asString());
            assertThat(d.path("attempts").asInt()).isEqualTo(1);
            JsonNode attempt = d.path("attemptLog").path(0);
            assertThat(attempt.path("statusCode").asInt()).isEqualTo(200);
            assertThat(attempt.path("responseExcerpt").asString()).isEqualTo("ok");
            assertThat(attempt.path("succeeded").asBoolean()).isTrue();
            assertThat(attempt.path("latencyMillis").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(api.get("/api/v1/webhooks/deliveries?scanId=" + scan).size()).isEqualTo(1);
        }
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    MeterRegistry meters;

    double attempts(String outcome) {
        Counter c = meters.find("leakscan.webhook.attempts").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    /**
     * Until the engine phase writes findings, real scans end FAILED: a SUCCEEDED scan with a LEAKS_FOUND verdict and
     * findings is written here as the engine phase will, and ended the way ScanFinalizer ends one (ScanFinished inside
     * the transaction).
     */
    @Test
    void aScanWithLeaksRaisesSucceededAndLeaksFoundWithVerdictCountsAndTopFindings() throws Exception {
        Api api = Api.newTenant(port, "leaks");
        try (Receiver succeeded = new Receiver(); Receiver leaks = new Receiver(); Receiver failed = new Receiver()) {
            api.subscribe(succeeded.url("/ok"), "scan.succeeded");
            String leaksSecret = api.subscribe(leaks.url("/leaks"), "scan.leaks_found").path("secret").asString();
            api.subscribe(failed.url("/failed"), "scan.failed");
            UUID tenant = UUID.fromString(api.tenantId());
            UUID scan = UUID.randomUUID();
            Instant finished = Instant.now().truncatedTo(ChronoUnit.MICROS);
            tx.executeWithoutResult(status -> {
                jdbc.update("""
                        INSERT INTO scans (id, tenant_id, status, queued_at, started_at, finished_at, target_base_url,
                            target_key, profile, request, request_hash, verdict, summary, finding_counts)
                        VALUES (?, ?, 'SUCCEEDED', ?, ?, ?, 'http://127.0.0.1:8081', 'http://127.0.0.1:8081', 'quick',
                            '{"target":{"baseUrl":"http://127.0.0.1:8081"}}'::jsonb, repeat('0', 64), 'LEAKS_FOUND',
                            '2 leaks', '{"HIGH":1,"MEDIUM":1,"INFO":1}'::jsonb)""",
                        scan, tenant, Timestamp.from(finished.minusSeconds(60)), Timestamp.from(finished.minusSeconds(59)),
                        Timestamp.from(finished));
                String[][] findings = {
                        {"GOROUTINE_LEAK", "HIGH", "HANDLER", "GET", "/stream", "GET /stream leaks a goroutine per aborted client"},
                        {"HEAP_GROWTH", "MEDIUM", "MIDDLEWARE", null, null, "Heap grows under every route"},
                        {"TELEMETRY_EXPOSED", "INFO", "SERVICE", "GET", "/debug/pprof/", "pprof is readable by anyone"}};
                for (int i = 0; i < findings.length; i++) {
                    String[] f = findings[i];
                    jdbc.update("""
                            INSERT INTO scan_findings (scan_id, ordinal, kind, severity, scope, endpoint_method,
                                endpoint_path, title, finding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}'::jsonb)""",
                            scan, i, f[0], f[1], f[2], f[3], f[4], f[5]);
                }
                events.publishEvent(new ScanFinished(scan, tenant, ScanState.SUCCEEDED, finished));
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.received.size() == 1
                    && leaks.received.size() == 1);
            assertThat(failed.received).isEmpty();
            Receiver.Received leak = leaks.received.getFirst();
            assertThat(verifies(leak, leaksSecret)).isTrue();
            JsonNode body = JSON.readTree(leak.body());
            assertThat(body.path("type").asString()).isEqualTo("scan.leaks_found");
            assertThat(body.path("createdAt").asString()).isEqualTo(finished.toString());
            JsonNode s = body.path("scan");
            assertThat(s.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(s.path("verdict").asString()).isEqualTo("LEAKS_FOUND");
            assertThat(s.path("summary").asString()).isEqualTo("2 leaks");
            assertThat(s.path("profile").asString()).isEqualTo("quick");
            assertThat(s.path("findingCount").asInt()).isEqualTo(3);
            assertThat(s.path("countsBySeverity").toString()).isEqualTo("{\"HIGH\":1,\"MEDIUM\":1,\"INFO\":1}");
            assertThat(s.path("failure").isNull()).isTrue();
            JsonNode top = body.path("topFindings");
            assertThat(top.size()).isEqualTo(3);
            assertThat(top.path(0).path("kind").asString()).isEqualTo("GOROUTINE_LEAK");
            assertThat(top.path(0).path("severity").asString()).isEqualTo("HIGH");
            assertThat(top.path(0).path("endpoint").path("method").asString()).isEqualTo("GET");
            assertThat(top.path(0).path("endpoint").path("path").asString()).isEqualTo("/stream");
            assertThat(top.path(1).path("endpoint").isNull()).isTrue();
            assertThat(top.path(1).path("scope").asString()).isEqualTo("MIDDLEWARE");

            JsonNode ok = JSON.readTree(succeeded.received.getFirst().body());
            assertThat(ok.path("type").asString()).isEqualTo("scan.succeeded");
            assertThat(ok.path("id").asString()).as("one event id per event type")
                    .isNotEqualTo(body.path("id").asString());
            assertThat(ok.path("scan")).isEqualTo(body.path("scan"));

            // the same event published again (it never is, but an outbox must not double up) adds nothing
            tx.executeWithoutResult(status ->
                    events.publishEvent(new ScanFinished(scan, tenant, ScanState.SUCCEEDED, finished)));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE scan_id = ?",
                    Integer.class, scan)).isEqualTo(2);
        }
    }

    @Test
    void anEnqueueThatRollsBackWithTheScanSendsNothing() throws Exception {
        Api api = Api.newTenant(port, "rollback");
        try (Receiver receiver = new Receiver()) {
            api.subscribe(receiver.url("/rb"), "scan.failed");
            String scan = api.failingScan(null);
            api.awaitScan(scan, "FAILED");
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forScan(scan).size() == 1);
            UUID tenant = jdbc.queryForObject("SELECT tenant_id FROM scans WHERE id = ?::uuid", UUID.class, scan);
            UUID other = UUID.randomUUID();
            // a copy of that scan whose ending transaction rolls back: its delivery row goes with it
            tx.executeWithoutResult(status -> {
                jdbc.update("""
                        INSERT INTO scans (id, tenant_id, status, queued_at, finished_at, target_base_url, target_key,
                            profile, request, request_hash)
                        SELECT ?, tenant_id, 'FAILED', queued_at, finished_at, target_base_url, target_key, profile,
                            request, request_hash FROM scans WHERE id = ?::uuid""", other, scan);
                events.publishEvent(new ScanFinished(other, tenant, ScanState.FAILED, Instant.now()));
                assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE scan_id = ?",
                        Integer.class, other)).as("enqueued inside the transaction").isEqualTo(1);
                status.setRollbackOnly();
            });
            assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE scan_id = ?",
                    Integer.class, other)).isZero();
        }
    }

    @Test
    void retriesAfter500sAndATimeoutThenOneSuccessfulDeliveryPerEventId() throws Exception {
        Api api = Api.newTenant(port, "retries");
        double retriedBefore = attempts("retried");
        double succeededBefore = attempts("succeeded");
        try (Receiver receiver = new Receiver()) {
            // 500, 500, then an answer slower than the 2 s timeout, then 200
            receiver.answer(Receiver.Answer.of(500), Receiver.Answer.of(500),
                    Receiver.Answer.after(Duration.ofSeconds(3), 503), Receiver.Answer.of(200));
            JsonNode sub = api.subscribe(receiver.url("/r"), "scan.failed");
            String subId = sub.path("id").asString();
            String scan = api.failingScan(null);
            api.awaitScan(scan, "FAILED");
            await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(
                    api.get("/api/v1/webhooks/" + subId + "/deliveries").path("items").path(0).path("status")
                            .asString()));
            JsonNode d = api.get("/api/v1/webhooks/" + subId + "/deliveries").path("items").path(0);
            JsonNode log = d.path("attemptLog");
            assertThat(log.size()).isEqualTo(4);
            assertThat(log.path(0).path("statusCode").asInt()).isEqualTo(500);
            assertThat(log.path(0).path("error").asString()).contains("HTTP 500");
            assertThat(log.path(0).path("responseExcerpt").asString()).isEqualTo("nope");
            assertThat(log.path(1).path("statusCode").asInt()).isEqualTo(500);
            assertThat(log.path(2).path("statusCode").isNull()).isTrue();
            assertThat(log.path(2).path("error").asString()).contains("timed out after 2000 ms");
            assertThat(log.path(2).path("latencyMillis").asLong()).isBetween(1900L, 3000L);
            assertThat(log.path(3).path("statusCode").asInt()).isEqualTo(200);
            assertThat(log.path(3).path("succeeded").asBoolean()).isTrue();
            // backoff: the gaps grow, at least the nominal delay minus 20 % jitter (100, 200, 400 ms)
            long[] minimumGap = {80, 160, 320};
            for (int i = 1; i < 4; i++) {
                Duration gap = Duration.between(Instant.parse(log.path(i - 1).path("startedAt").asString())
                                .plusMillis(log.path(i - 1).path("latencyMillis").asLong()),
                        Instant.parse(log.path(i).path("startedAt").asString()));
                assertThat(gap.toMillis()).as("gap before attempt %d", i + 1).isGreaterThanOrEqualTo(minimumGap[i - 1]);
            }

            List<Receiver.Received> seen = receiver.forScan(scan);
            assertThat(seen).hasSize(4);
            assertThat(seen.stream().map(r -> r.header("Leakscan-Event-Id")).distinct())
                    .as("the event id is stable across retries").hasSize(1);
            assertThat(seen.stream().map(Receiver.Received::bodyText).distinct()).hasSize(1);
            Map<String, Long> successes = seen.stream().filter(r -> r.answered() / 100 == 2)
                    .collect(Collectors.groupingBy(r -> r.header("Leakscan-Event-Id"), Collectors.counting()));
            assertThat(successes).hasSize(1).containsValue(1L);
            // a success ends the failure streak
            assertThat(api.get("/api/v1/webhooks/" + subId).path("consecutiveFailures").asInt()).isZero();
            // and the service's own metrics count what came of each attempt
            assertThat(attempts("retried") - retriedBefore).isGreaterThanOrEqualTo(3);
            assertThat(attempts("succeeded") - succeededBefore).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void redirectsAreNotFollowedOnlyTheFirstKibIsKeptAndAFixedUrlGetsTheRedelivery() throws Exception {
        Api api = Api.newTenant(port, "redirects");
        try (Receiver receiver = new Receiver(); Receiver fixed = new Receiver()) {
            String big = "x".repeat(5000);
            receiver.answer(Receiver.Answer.redirect(receiver.url("/moved")),
                    Receiver.Answer.withBody(200, "é" + big));
            JsonNode sub = api.subscribe(receiver.url("/old"), "scan.failed");
            String id = sub.path("id").asString();
            String scan = api.failingScan(null);
            await().atMost(Duration.ofSeconds(20)).until(() -> "SUCCEEDED".equals(api.get("/api/v1/webhooks/" + id
                    + "/deliveries").path("items").path(0).path("status").asString()));
            JsonNode d = api.get("/api/v1/webhooks/" + id + "/deliveries").path("items").path(0);
            JsonNode first = d.path("attemptLog").path(0);
            assertThat(first.path("statusCode").asInt()).isEqualTo(302);
            assertThat(first.path("succeeded").asBoolean()).isFalse();
            assertThat(first.path("error").asString()).isEqualTo("HTTP 302: redirects are not followed");
            assertThat(receiver.received.stream().map(Receiver.Received::path)).containsExactly("/old", "/old");
            JsonNode second = d.path("attemptLog").path(1);
            assertThat(second.path("statusCode").asInt()).isEqualTo(200);
            // the first 1024 bytes: a 2-byte character and 1022 of the x's
            assertThat(second.path("responseExcerpt").asString()).isEqualTo("é" + "x".repeat(1022));

            // the receiver moves: fix the URL, redeliver, and the same event goes to the new place
            api.ok("PATCH", "/api/v1/webhooks/" + id, "{\"url\":\"" + fixed.url("/new") + "\"}");
            String deliveryId = d.path("id").asString();
            assertThat(api.send("POST", "/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver", null)
                    .statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> fixed.forScan(scan).size() == 1);
            assertThat(fixed.forScan(scan).getFirst().header("Leakscan-Event-Id"))
                    .isEqualTo(d.path("eventId").asString());
            await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(
                    api.get("/api/v1/webhooks/deliveries/" + deliveryId).path("status").asString()));
            JsonNode after = api.get("/api/v1/webhooks/deliveries/" + deliveryId);
            assertThat(after.path("url").asString()).isEqualTo(fixed.url("/new"));
            assertThat(after.path("attemptLog").size()).isEqualTo(3);
        }
    }

    @Test
    void aScanOwnCallbackUrlIsSignedWithTheTenantCallbackSecretAndOtherTenantsSeeNothing() throws Exception {
        Api api = Api.newTenant(port, "callback");
        Api other = Api.newTenant(port, "other");
        try (Receiver receiver = new Receiver()) {
            JsonNode rotated = api.ok("POST", "/api/v1/webhooks/callback-secret/rotate", null);
            String secret = rotated.path("secret").asString();
            assertThat(secret).startsWith("whsec_");
            assertThat(api.get("/api/v1/webhooks/callback-secret").has("secret")).isFalse();

            String scan = api.failingScan(receiver.url("/callback"));
            api.awaitScan(scan, "FAILED");
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forScan(scan).size() == 1);
            Receiver.Received got = receiver.forScan(scan).getFirst();
            assertThat(got.path()).isEqualTo("/callback");
            assertThat(got.header("Leakscan-Event-Type")).isEqualTo("scan.failed");
            assertThat(verifies(got, secret)).isTrue();
            // during the overlap the never-shown original secret signs too: two entries
            assertThat(v1Entries(got)).hasSize(2);

            JsonNode deliveries = api.get("/api/v1/webhooks/deliveries?scanId=" + scan);
            assertThat(deliveries.size()).isEqualTo(1);
            assertThat(deliveries.path(0).path("subscriptionId").isNull()).isTrue();
            String deliveryId = deliveries.path(0).path("id").asString();

            assertThat(other.send("GET", "/api/v1/webhooks/deliveries/" + deliveryId, null).statusCode())
                    .isEqualTo(404);
            assertThat(other.send("POST", "/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver", null)
                    .statusCode()).isEqualTo(404);
            assertThat(other.get("/api/v1/webhooks/deliveries?scanId=" + scan).size()).isZero();
        }
    }

    @Test
    void cancellingAQueuedScanDeliversScanCancelledOnlyToSubscribersOfIt() throws Exception {
        Api api = Api.newTenant(port, "cancel");
        CountDownLatch release = new CountDownLatch(1);
        HttpServer slowTarget = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowTarget.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        slowTarget.createContext("/", exchange -> {
            try {
                release.await(20, TimeUnit.SECONDS); // holds the first scan in its preflight
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        slowTarget.start();
        try (Receiver cancelled = new Receiver(); Receiver failedOnly = new Receiver()) {
            api.subscribe(cancelled.url("/cancelled"), "scan.cancelled");
            api.subscribe(failedOnly.url("/failed"), "scan.failed");
            String target = "{\"target\":{\"baseUrl\":\"http://127.0.0.1:" + slowTarget.getAddress().getPort()
                    + "\"},\"profile\":\"quick\"}";
            String running = api.ok("POST", "/api/v1/scans", target).path("id").asString();
            api.awaitScan(running, "RUNNING");
            // one scan per target at a time: the second waits in the queue
            String queued = api.ok("POST", "/api/v1/scans", target).path("id").asString();
            assertThat(api.get("/api/v1/scans/" + queued).path("status").asString()).isEqualTo("QUEUED");
            assertThat(api.send("POST", "/api/v1/scans/" + queued + "/cancel", null).statusCode()).isEqualTo(202);
            assertThat(api.get("/api/v1/scans/" + queued).path("status").asString()).isEqualTo("CANCELLED");

            await().atMost(Duration.ofSeconds(20)).until(() -> cancelled.forScan(queued).size() == 1);
            Receiver.Received got = cancelled.forScan(queued).getFirst();
            assertThat(got.header("Leakscan-Event-Type")).isEqualTo("scan.cancelled");
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.path("type").asString()).isEqualTo("scan.cancelled");
            assertThat(body.path("scan").path("status").asString()).isEqualTo("CANCELLED");
            assertThat(failedOnly.forScan(queued)).isEmpty();
        } finally {
            release.countDown();
            slowTarget.stop(0);
        }
    }

    @Test
    void rotatedSecretsBothSignDuringTheOverlapAndOnlyTheNewOneAfter() throws Exception {
        Api api = Api.newTenant(port, "rotation");
        try (Receiver receiver = new Receiver()) {
            JsonNode sub = api.subscribe(receiver.url("/rot"), "scan.failed");
            String id = sub.path("id").asString();
            String first = sub.path("secret").asString();

            JsonNode rotation = api.ok("POST", "/api/v1/webhooks/" + id + "/rotate-secret", null);
            String second = rotation.path("secret").asString();
            assertThat(second).isNotEqualTo(first);
            Instant expires = Instant.parse(rotation.path("previousSecretExpiresAt").asString());
            assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofHours(23), Duration.ofHours(24));
            assertThat(api.get("/api/v1/webhooks/" + id).path("previousSecretExpiresAt").asString())
                    .isEqualTo(rotation.path("previousSecretExpiresAt").asString());

            String during = api.failingScan(null);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.forScan(during).size() == 1);
            Receiver.Received overlap = receiver.forScan(during).getFirst();
            assertThat(v1Entries(overlap)).hasSize(2);
            assertThat(verifies(overlap, first)).as("old secret during the overlap").isTrue();
            assertThat(verifies(overlap, second)).as("new secret during the overlap").isTrue();
            assertThat(overlap.header("webhook-signature").split(" ")).as("one v1 per secret").hasSize(2);
            assertThat(GoWebhookVerifier.verify(overlap, first).verified()).as("standard, old secret").isTrue();
            assertThat(GoWebhookVerifier.verify(overlap, second).verified()).as("standard, new secret").isTrue();

            // a rotation without overlap: only the newest secret signs from now on
            String third = api.ok("POST", "/api/v1/webhooks/" + id + "/rotate-secret", "{\"overlapSeconds\":0}")
                    .path("secret").asString();
            String after = api.failingScan(null);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.forScan(after).size() == 1);
            Receiver.Received single = receiver.forScan(after).getFirst();
            assertThat(v1Entries(single)).hasSize(1);
            assertThat(verifies(single, third)).isTrue();
            assertThat(verifies(single, second)).isFalse();
            assertThat(verifies(single, first)).isFalse();
            assertThat(single.header("webhook-signature").split(" ")).hasSize(1);
            assertThat(GoWebhookVerifier.verify(single, third).verified()).isTrue();
            assertThat(GoWebhookVerifier.verify(single, second).verified()).isFalse();

            assertThat(api.send("POST", "/api/v1/webhooks/" + id + "/rotate-secret", "{\"overlapSeconds\":-1}")
                    .statusCode()).isEqualTo(400);
        }
    }

    @Test
    void twentyConsecutiveFailuresDisableTheSubscriptionVisiblyAndRedeliverySendsTheSameEventAgain()
            throws Exception {
        Api api = Api.newTenant(port, "disable");
        try (Receiver receiver = new Receiver()) {
            receiver.otherwise(Receiver.Answer.of(500));
            JsonNode sub = api.subscribe(receiver.url("/down"), "scan.failed");
            String id = sub.path("id").asString();
            // 8 attempts per delivery: the third scan's delivery makes failures 17..20
            List<String> scans = List.of(api.failingScan(null), api.failingScan(null), api.failingScan(null));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !api.get("/api/v1/webhooks/" + id).path("active").asBoolean());
            JsonNode disabled = api.get("/api/v1/webhooks/" + id);
            assertThat(disabled.path("consecutiveFailures").asInt()).isEqualTo(20);
            assertThat(disabled.path("disabled").path("reason").asString())
                    .isEqualTo("20 consecutive failed delivery attempts");
            assertThat(disabled.path("disabled").path("at").asString()).isNotBlank();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/webhooks/" + id + "/deliveries")
                    .path("items").valueStream().noneMatch(d -> d.path("status").asString().matches("PENDING|DELIVERING")));
            // the three deliveries retry side by side; an attempt already in flight at the 20th failure completes
            // (and is logged) but does not count on
            assertThat(receiver.received.size()).isBetween(20, 22);
            assertThat(api.get("/api/v1/webhooks/" + id).path("consecutiveFailures").asInt()).isEqualTo(20);

            JsonNode items = api.get("/api/v1/webhooks/" + id + "/deliveries").path("items");
            assertThat(items.size()).isEqualTo(3);
            int attempts = items.valueStream().mapToInt(d -> d.path("attemptLog").size()).sum();
            assertThat(attempts).isEqualTo(receiver.received.size());
            assertThat(items.valueStream().map(d -> d.path("status").asString())).containsOnly("FAILED");
            assertThat(items.valueStream().map(d -> d.path("lastError").asString()))
                    .allMatch(e -> e.contains("gave up after 8 attempts")
                            || e.contains("subscription disabled after 20 consecutive failed delivery attempts"))
                    .anyMatch(e -> e.contains("subscription disabled after 20 consecutive failed delivery attempts"));

            // redelivery is refused while disabled, works once re-enabled, and carries the same event id
            String deliveryId = items.path(0).path("id").asString();
            assertThat(api.send("POST", "/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver", null)
                    .statusCode()).isEqualTo(409);
            JsonNode enabled = api.ok("PATCH", "/api/v1/webhooks/" + id, "{\"active\":true}");
            assertThat(enabled.path("active").asBoolean()).isTrue();
            assertThat(enabled.path("consecutiveFailures").asInt()).isZero();
            assertThat(enabled.path("disabled").isNull()).isTrue();
            receiver.otherwise(Receiver.Answer.of(204));
            HttpResponse<String> redeliver = api.send("POST",
                    "/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver", null);
            assertThat(redeliver.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(
                    api.get("/api/v1/webhooks/deliveries/" + deliveryId).path("status").asString()));
            JsonNode redelivered = api.get("/api/v1/webhooks/deliveries/" + deliveryId);
            assertThat(redelivered.path("attemptLog").size()).isEqualTo(redelivered.path("attempts").asInt());
            Receiver.Received last = receiver.received.getLast();
            assertThat(last.header("Leakscan-Event-Id")).isEqualTo(redelivered.path("eventId").asString());
            assertThat(last.answered()).isEqualTo(204);
            assertThat(api.send("POST", "/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver", null)
                    .statusCode()).as("already redelivered and done: may be redelivered again").isEqualTo(202);
            for (String scan : scans) {
                assertThat(api.get("/api/v1/webhooks/deliveries?scanId=" + scan).size()).as(scan).isEqualTo(1);
            }
        }
    }

    @Test
    void subscriptionsAreTheTenantsOwnAndBadInputIsAClear400() throws Exception {
        Api api = Api.newTenant(port, "crud");
        Api other = Api.newTenant(port, "intruder");
        try (Receiver receiver = new Receiver()) {
            JsonNode sub = api.subscribe(receiver.url("/x"), "scan.succeeded", "scan.leaks_found");
            String id = sub.path("id").asString();
            assertThat(api.get("/api/v1/webhooks").size()).isEqualTo(1);
            assertThat(other.get("/api/v1/webhooks").size()).isZero();
            for (String[] call : new String[][]{{"GET", ""}, {"PATCH", ""}, {"DELETE", ""},
                    {"GET", "/deliveries"}, {"POST", "/rotate-secret"}}) {
                HttpResponse<String> r = other.send(call[0], "/api/v1/webhooks/" + id + call[1],
                        call[0].equals("PATCH") ? "{\"active\":false}" : null);
                assertThat(r.statusCode()).as("%s %s", call[0], call[1]).isEqualTo(404);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }

            JsonNode patched = api.ok("PATCH", "/api/v1/webhooks/" + id,
                    "{\"events\":[\"scan.cancelled\"],\"description\":\"ops channel\"}");
            assertThat(patched.path("events").valueStream().map(JsonNode::asString)).containsExactly("scan.cancelled");
            assertThat(patched.path("description").asString()).isEqualTo("ops channel");
            assertThat(patched.path("url").asString()).isEqualTo(receiver.url("/x"));

            record Bad(String body, String detail) {
            }
            for (Bad bad : List.of(
                    new Bad("{\"url\":\"" + receiver.url("/x") + "\",\"events\":[\"scan.exploded\"]}",
                            "'scan.exploded' is not an event"),
                    new Bad("{\"url\":\"ftp://127.0.0.1/x\",\"events\":[\"scan.failed\"]}",
                            "scheme 'ftp' is not allowed"),
                    new Bad("{\"url\":\"http://169.254.169.254/latest/meta-data\",\"events\":[\"scan.failed\"]}",
                            "169.254.169.254 is the cloud metadata address"),
                    new Bad("{\"url\":\"http://user:pw@127.0.0.1/x\",\"events\":[\"scan.failed\"]}",
                            "must not contain user info"),
                    new Bad("{\"url\":\"/relative\",\"events\":[\"scan.failed\"]}", "must be absolute"))) {
                HttpResponse<String> r = api.send("POST", "/api/v1/webhooks", bad.body());
                assertThat(r.statusCode()).as(bad.body()).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(JSON.readTree(r.body()).path("detail").asString()).contains(bad.detail());
            }
            HttpResponse<String> noEvents = api.send("POST", "/api/v1/webhooks",
                    "{\"url\":\"" + receiver.url("/x") + "\",\"events\":[]}");
            assertThat(noEvents.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(noEvents.body()).path("errors").path(0).path("field").asString())
                    .isEqualTo("events");

            String openApi = api.send("GET", "/v3/api-docs", null).body();
            assertThat(openApi).contains("\"/api/v1/webhooks/{id}/deliveries\"",
                    "\"/api/v1/webhooks/deliveries/{id}/redeliver\"", "\"/api/v1/webhooks/callback-secret/rotate\"");

            assertThat(api.send("DELETE", "/api/v1/webhooks/" + id, null).statusCode()).isEqualTo(204);
            assertThat(api.send("GET", "/api/v1/webhooks/" + id, null).statusCode()).isEqualTo(404);
        }
    }
}
