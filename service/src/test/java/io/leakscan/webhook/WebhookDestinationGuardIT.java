package io.leakscan.webhook;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.leakscan.webhook.Api.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default, public-only destination rule over the real API: refused URLs are 400 problems that say why, and a
 * name that resolved to a public address when the subscription was saved but resolves to a private one at delivery
 * time (DNS rebinding) is refused at connect time, logged as a failed attempt. Names resolve through a test resolver;
 * no packet leaves the machine (the refused addresses are never contacted).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leakscan.webhooks.allow-private-destinations=false")
@Import(WebhookDestinationGuardIT.Dns.class)
class WebhookDestinationGuardIT {

    static final Map<String, String> ANSWERS = new ConcurrentHashMap<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class Dns {
        @Bean
        WebhookDns webhookTestDns() {
            return host -> {
                String answer = ANSWERS.get(host);
                if (answer == null) {
                    throw new UnknownHostException(host);
                }
                return List.of(InetAddress.getByName(answer)); // a literal: no lookup
            };
        }
    }

    @LocalServerPort
    int port;

    @Test
    void loopbackPrivateMetadataAndNonHttpDestinationsAreClear400s() {
        Api api = Api.newTenant(port, "guarded");
        ANSWERS.put("intranet.example.test", "10.20.30.40");
        ANSWERS.put("metadata-alias.example.test", "169.254.169.254");
        ANSWERS.put("mixed.example.test", "192.168.1.10");
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address (127.0.0.0/8); webhooks go to "
                + "public addresses only unless leakscan.webhooks.allow-private-destinations is true");
        refused.put("http://[::1]/hook", "is a loopback address (::1/128)");
        refused.put("http://10.0.0.7/hook", "10.0.0.7 is a private network address (10.0.0.0/8)");
        refused.put("http://172.16.5.4/hook", "172.16.5.4 is a private network address (172.16.0.0/12)");
        refused.put("http://192.168.0.1/hook", "192.168.0.1 is a private network address (192.168.0.0/16)");
        refused.put("http://100.64.0.1/hook", "100.64.0.1 is a carrier-grade NAT address");
        refused.put("http://[fd12::1]/hook", "is a unique-local (private) IPv6 address");
        refused.put("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata address "
                + "(169.254.169.254/32); never a webhook destination");
        refused.put("http://metadata.google.internal/computeMetadata/v1/", "is a cloud metadata host");
        refused.put("http://100.100.100.200/", "a cloud metadata address (Alibaba Cloud)");
        refused.put("http://intranet.example.test/hook",
                "intranet.example.test resolves to 10.20.30.40, which is a private network address (10.0.0.0/8)");
        refused.put("http://metadata-alias.example.test/",
                "metadata-alias.example.test resolves to 169.254.169.254, which is the cloud metadata address");
        refused.put("http://nowhere.example.test/", "nowhere.example.test does not resolve to any address");
        refused.put("file:///etc/passwd", "scheme 'file' is not allowed; use http or https");
        refused.put("gopher://example.test/", "scheme 'gopher' is not allowed");
        refused.put("ftp://example.test/", "scheme 'ftp' is not allowed");
        refused.put("http://2852039166/", "numeric spelling of 169.254.169.254");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            HttpResponse<String> r = api.send("POST", "/api/v1/webhooks",
                    "{\"url\":\"" + e.getKey() + "\",\"events\":[\"scan.failed\"]}");
            assertThat(r.statusCode()).as(e.getKey() + " -> " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("detail").asString()).as(e.getKey()).startsWith("url: ").contains(e.getValue());
        }
        // a PATCH to a refused URL is refused the same way and changes nothing
        ANSWERS.put("hooks.example.test", "93.184.215.14");
        JsonNode sub = api.subscribe("https://hooks.example.test/leakscan", "scan.failed");
        HttpResponse<String> patch = api.send("PATCH", "/api/v1/webhooks/" + sub.path("id").asString(),
                "{\"url\":\"http://10.0.0.7/x\"}");
        assertThat(patch.statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/webhooks/" + sub.path("id").asString()).path("url").asString())
                .isEqualTo("https://hooks.example.test/leakscan");
        assertThat(api.ok("DELETE", "/api/v1/webhooks/" + sub.path("id").asString(), null)).isNotNull();
    }

    @Test
    void aNameThatLaterResolvesToAPrivateAddressIsRefusedAtConnectTimeAndTheAttemptSaysSo() {
        Api api = Api.newTenant(port, "rebinding");
        ANSWERS.put("rebind.example.test", "93.184.215.14"); // public when the subscription is saved
        JsonNode sub = api.subscribe("http://rebind.example.test/hook", "scan.failed");
        String id = sub.path("id").asString();
        ANSWERS.put("rebind.example.test", "10.0.0.7"); // private by the time the scan ends

        String scan = api.failingScan(null);
        api.awaitScan(scan, "FAILED");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/webhooks/" + id + "/deliveries")
                .path("items").path(0).path("attemptLog").size() >= 1);
        JsonNode attempt = api.get("/api/v1/webhooks/" + id + "/deliveries").path("items").path(0)
                .path("attemptLog").path(0);
        assertThat(attempt.path("succeeded").asBoolean()).isFalse();
        assertThat(attempt.path("statusCode").isNull()).isTrue();
        assertThat(attempt.path("error").asString()).isEqualTo("destination refused at connect time: "
                + "rebind.example.test resolves to 10.0.0.7, which is a private network address (10.0.0.0/8); "
                + "webhooks go to public addresses only unless leakscan.webhooks.allow-private-destinations is true");

        // every retry is refused the same way, until the delivery gives up
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(
                api.get("/api/v1/webhooks/" + id + "/deliveries").path("items").path(0).path("status").asString()));
        JsonNode failed = api.get("/api/v1/webhooks/" + id + "/deliveries").path("items").path(0);
        assertThat(failed.path("attemptLog").size()).isEqualTo(8);
        assertThat(failed.path("attemptLog").valueStream().map(a -> a.path("error").asString()))
                .allMatch(e -> e.contains("resolves to 10.0.0.7, which is a private network address"));
        assertThat(failed.path("lastError").asString()).endsWith("(gave up after 8 attempts)");

        // now it answers the metadata address: a redelivery is refused at connect time too
        ANSWERS.put("rebind.example.test", "169.254.169.254");
        String deliveryId = failed.path("id").asString();
        assertThat(api.send("POST", "/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver", null).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/webhooks/deliveries/" + deliveryId)
                .path("attemptLog").size() >= 9);
        JsonNode ninth = api.get("/api/v1/webhooks/deliveries/" + deliveryId).path("attemptLog").path(8);
        assertThat(ninth.path("attempt").asInt()).isEqualTo(9);
        assertThat(ninth.path("error").asString()).isEqualTo("destination refused at connect time: "
                + "rebind.example.test resolves to 169.254.169.254, which is the cloud metadata address "
                + "(169.254.169.254/32); never a webhook destination");
        api.ok("PATCH", "/api/v1/webhooks/" + id, "{\"active\":false}"); // stop the retries
    }

    @Test
    void aScansCallbackUrlFollowsTheSameRuleAtSubmit() {
        Api api = Api.newTenant(port, "callbacks");
        for (String url : List.of("http://127.0.0.1:8089/hook", "http://169.254.169.254/latest", "http://10.1.2.3/x")) {
            HttpResponse<String> r = api.send("POST", "/api/v1/scans",
                    "{\"target\": {\"baseUrl\": \"http://127.0.0.1:9\"}, \"callbackUrl\": \"" + url + "\"}");
            assertThat(r.statusCode()).as(url).isEqualTo(400);
            // the metadata address is already a field error of the request's own URL check; the others are the
            // webhook rule's, named after the field
            assertThat(r.body()).as(url).contains("callbackUrl");
        }
        for (String url : List.of("http://127.0.0.1:8089/hook", "http://10.1.2.3/x")) {
            HttpResponse<String> r = api.send("POST", "/api/v1/scans",
                    "{\"target\": {\"baseUrl\": \"http://127.0.0.1:9\"}, \"callbackUrl\": \"" + url + "\"}");
            assertThat(JSON.readTree(r.body()).path("detail").asString()).as(url).startsWith("callbackUrl: ")
                    .contains(URI.create(url).getHost()).contains("webhooks go to public addresses only");
        }
    }
}
