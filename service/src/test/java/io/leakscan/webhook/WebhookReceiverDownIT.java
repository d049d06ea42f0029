package io.leakscan.webhook;

import io.leakscan.faults.OsProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, scenario 5: the webhook receiver is a process of its own that is killed with SIGKILL in the middle of an
 * attempt and stays down through the whole backoff (the test schedule: 100 ms doubling to 400 ms, 8 attempts, see
 * src/test/resources/config/application.yml). The delivery must follow the documented schedule, end FAILED after
 * the last attempt and stay FAILED when the receiver comes back, and a redelivery must then reach the receiver with
 * the same event id, delivery id and body as every earlier attempt.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.webhooks.allow-private-destinations=true")
class WebhookReceiverDownIT {

    private static final Duration START = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    WebhookProperties properties;

    /** One request as the receiver process printed it: REQ n webhook-id delivery-id body-sha256. */
    record Seen(String eventId, String deliveryId, String bodySha256) {
        static Seen of(String line) {
            String[] f = line.split(" ");
            return new Seen(f[2], f[3], f[4]);
        }
    }

    @Test
    void aReceiverKilledMidAttemptAndDownThroughTheBackoffEndsFailedAndIsRedeliveredOnceBack() throws Exception {
        Api api = Api.newTenant(port, "receiver-down");
        WebhookProperties.Retry retry = properties.retry();
        int receiverPort;
        String subscription;
        Seen first;
        Seen second;
        // answers the first attempt 503, takes the second and never answers it
        try (OsProcess receiver = OsProcess.java(ReceiverProcess.class, "0", "503", "hold")) {
            receiverPort = Integer.parseInt(receiver.awaitLine("READY ", START).substring(6));
            subscription = api.subscribe("http://127.0.0.1:" + receiverPort + "/hooks", "scan.failed")
                    .path("id").asString();
            api.failingScan(null);
            first = Seen.of(receiver.awaitLine("REQ 1 ", START));
            second = Seen.of(receiver.awaitLine("REQ 2 ", START));
            receiver.kill(); // SIGKILL while the second attempt waits for its answer
        }

        String deliveries = "/api/v1/webhooks/" + subscription + "/deliveries";
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> "FAILED".equals(api.get(deliveries).path("items").path(0).path("status").asString()));
        JsonNode failed = api.get(deliveries).path("items").path(0);
        JsonNode log = failed.path("attemptLog");
        assertThat(log.size()).as("every attempt of the schedule, and no more").isEqualTo(retry.maxAttempts());
        assertThat(failed.path("attempts").asInt()).isEqualTo(retry.maxAttempts());
        String where = "127.0.0.1:" + receiverPort;
        assertThat(failed.path("lastError").asString())
                .startsWith("connection refused by " + where + " (is the receiver running?)")
                .endsWith("(gave up after " + retry.maxAttempts() + " attempts)");
        assertThat(log.path(0).path("statusCode").asInt()).isEqualTo(503);
        assertThat(log.path(1).path("statusCode").isNull()).as("killed before it answered").isTrue();
        assertThat(log.path(1).path("error").asString()).isIn(where + " closed the connection before answering",
                "timed out after " + properties.timeout().toMillis() + " ms"); // the latter only if the kill came late
        for (int i = 2; i < log.size(); i++) {
            assertThat(log.path(i).path("statusCode").isNull()).isTrue();
            assertThat(log.path(i).path("error").asString()).as("attempt %d", i + 1).isEqualTo("connection refused by " + where + " (is the receiver running?)");
        }
        // the documented schedule: after the n-th failure, min(initial * multiplier^(n-1), max) +/- jitter
        StringBuilder gaps = new StringBuilder();
        for (int n = 1; n < log.size(); n++) {
            Instant ended = Instant.parse(log.path(n - 1).path("startedAt").asString())
                    .plusMillis(log.path(n - 1).path("latencyMillis").asLong());
            long gap = Duration.between(ended, Instant.parse(log.path(n).path("startedAt").asString())).toMillis();
            long nominal = (long) Math.min(retry.initialDelay().toMillis() * Math.pow(retry.multiplier(), n - 1),
                    retry.maxDelay().toMillis());
            assertThat(gap).as("gap after attempt %d (nominal %d ms)", n, nominal)
                    .isGreaterThanOrEqualTo((long) (nominal * (1 - retry.jitter())) - 5)
                    // a poll interval late at most, plus room for a busy machine
                    .isLessThanOrEqualTo((long) (nominal * (1 + retry.jitter()))
                            + properties.pollInterval().toMillis() + 2000);
            gaps.append(n == 1 ? "" : ", ").append(gap);
        }
        System.out.println("receiver down: " + log.size() + " attempts, gaps " + gaps + " ms; attempt 2 (killed): "
                + log.path(1).path("error").asString() + "; last: " + failed.path("lastError").asString());
        JsonNode sub = api.get("/api/v1/webhooks/" + subscription);
        assertThat(sub.path("active").asBoolean()).as("8 failures stay below the disable threshold").isTrue();
        assertThat(sub.path("consecutiveFailures").asInt()).isEqualTo(retry.maxAttempts());

        // the receiver comes back on the same address
        try (OsProcess back = OsProcess.java(ReceiverProcess.class, String.valueOf(receiverPort), "200")) {
            back.awaitLine("READY ", START);
            // FAILED is final: nothing is sent to it until a redelivery is asked for
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> back.drain().stream().noneMatch(l -> l.startsWith("REQ ")));
            String deliveryId = failed.path("id").asString();
            assertThat(api.send("POST", "/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver", null)
                    .statusCode()).isEqualTo(202);
            Seen third = Seen.of(back.awaitLine("REQ 1 ", START));
            await().atMost(Duration.ofSeconds(20)).until(() -> "SUCCEEDED".equals(
                    api.get("/api/v1/webhooks/deliveries/" + deliveryId).path("status").asString()));

            assertThat(List.of(first, second, third)).as("the same event, delivery and body on every attempt")
                    .containsOnly(new Seen(failed.path("eventId").asString(), deliveryId, first.bodySha256()));
            JsonNode done = api.get("/api/v1/webhooks/deliveries/" + deliveryId);
            assertThat(done.path("attemptLog").size()).isEqualTo(retry.maxAttempts() + 1);
            assertThat(done.path("attemptLog").path(retry.maxAttempts()).path("statusCode").asInt()).isEqualTo(200);
            assertThat(api.get("/api/v1/webhooks/" + subscription).path("consecutiveFailures").asInt()).isZero();
            assertThat(back.drain()).as("exactly one request after the redelivery").noneMatch(l -> l.startsWith("REQ "));
        }
    }
}
