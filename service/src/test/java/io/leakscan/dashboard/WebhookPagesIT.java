package io.leakscan.dashboard;

import io.leakscan.scan.Profile;
import io.leakscan.scan.ScanRequest;
import io.leakscan.scan.ScanService;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import io.leakscan.webhook.WebhookApi;
import io.leakscan.webhook.WebhookService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The webhooks pages in their states, against the real webhook service and database. The dispatcher is off, so no
 * delivery is ever sent (the subscriptions point at a public address that must not be contacted from a test):
 * deliveries and their attempts are written to the outbox tables as the dispatcher would write them.
 */
@SpringBootTest(properties = {"leakscan.worker.enabled=false", "leakscan.webhooks.dispatcher-enabled=false",
        "leakscan.webhooks.allow-private-destinations=false"})
@AutoConfigureMockMvc
class WebhookPagesIT {

    /** A public address literal: accepted by the destination guard without DNS, never contacted (no dispatcher). */
    static final String RECEIVER = "https://93.184.215.14/leakscan-hook";

    @Autowired
    MockMvc mvc;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;
    @Autowired
    WebhookService webhooks;
    @Autowired
    ScanService scans;
    @Autowired
    JdbcClient jdbc;

    UUID tenant;
    DashboardMvc browser;

    @BeforeEach
    void newTenant() throws Exception {
        tenant = tenants.create("webhook-pages").id();
        browser = new DashboardMvc(mvc).signIn(keys.issue(tenant, "dashboard").key());
    }

    String html(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString();
    }

    MvcResult send(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.session(browser.session).param("_csrf", browser.csrf)).andReturn();
    }

    UUID subscribe(UUID tenantId, String... events) {
        return webhooks.create(tenantId, new WebhookApi.CreateRequest(RECEIVER, List.of(events), "ops channel", true))
                .id();
    }

    UUID scan(UUID tenantId) {
        return scans.submit(tenantId, new ScanRequest(new ScanRequest.TargetRequest("http://127.0.0.1:9", Map.of()),
                List.of(), Profile.QUICK, false, null, null, null, null), null).scan().id();
    }

    /** A delivery row as the dispatcher leaves it; {@code finished} for SUCCEEDED and FAILED. */
    UUID delivery(UUID tenantId, UUID subscription, UUID scan, String type, String status, int attempts,
                  String lastError, int minutesAgo) {
        UUID id = UUID.randomUUID();
        OffsetDateTime created = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(minutesAgo);
        boolean finished = status.equals("SUCCEEDED") || status.equals("FAILED");
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (id, tenant_id, subscription_id, scan_id, event_id, event_type,
                            url, payload, status, attempts, round_attempts, next_attempt_at, last_error, created_at,
                            finished_at)
                        VALUES (:id, :tenant, :sub, :scan, :event, :type, :url, '{}', :status, :attempts, :attempts,
                            :next, :error, :created, :finished)""")
                .param("id", id).param("tenant", tenantId).param("sub", subscription).param("scan", scan)
                .param("event", UUID.randomUUID()).param("type", type).param("url", RECEIVER).param("status", status)
                .param("attempts", attempts).param("error", lastError).param("created", created)
                // a pending one is due in an hour: even a running dispatcher would leave it alone
                .param("next", finished ? null : created.plusHours(1))
                .param("finished", finished ? created.plusSeconds(30) : null)
                .update();
        return id;
    }

    void attempt(UUID delivery, int n, Integer statusCode, long latency, String excerpt, String error, boolean ok) {
        jdbc.sql("""
                        INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, status_code,
                            latency_ms, response_excerpt, error, succeeded)
                        VALUES (:id, :n, :started, :code, :latency, :excerpt, :error, :ok)""")
                .param("id", delivery).param("n", n)
                .param("started", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10 - n))
                .param("code", statusCode).param("latency", latency).param("excerpt", excerpt).param("error", error)
                .param("ok", ok).update();
    }

    String status(UUID delivery) {
        return jdbc.sql("SELECT status FROM webhook_deliveries WHERE id = :id").param("id", delivery)
                .query(String.class).single();
    }

    @Test
    void emptyStatesAreDeliberateAndThePageIsLinkedAndHardened() throws Exception {
        MvcResult r = browser.page("/webhooks");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getHeader("Content-Security-Policy")).isEqualTo(DashboardAccess.CSP);
        assertThat(r.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
        String page = html(r);
        assertThat(page).contains("<a href=\"/webhooks\">Webhooks</a>") // in the layout's navigation
                .contains("No subscriptions yet").contains("<label for=\"url\">URL</label>")
                .contains("<legend id=\"events-h\">Events</legend>")
                .contains("<label for=\"description\">Description (optional)</label>");
        // every event is a labelled checkbox; the useful two are ticked for a first subscription
        for (int i = 0; i < 4; i++) {
            assertThat(page).contains("id=\"event-" + i + "\"").contains("<label for=\"event-" + i + "\">");
        }
        assertThat(page).containsPattern("value=\"scan.leaks_found\"\\s+checked");
        assertThat(page).containsPattern("value=\"scan.succeeded\"\\s*>");
        assertThat(html(browser.page("/"))).contains("<a href=\"/webhooks\">Webhooks</a>");

        UUID id = subscribe(tenant, "scan.failed");
        String detail = html(browser.page("/webhooks/" + id));
        assertThat(detail).contains("No deliveries yet").contains("Start a scan").doesNotContain("Attempt log")
                .doesNotContain("id=\"secret\"");
    }

    @Test
    void createdSubscriptionShowsItsSecretOnceThenNeverAgain() throws Exception {
        MvcResult created = send(post("/webhooks").param("url", "  " + RECEIVER + " ")
                .param("events", "scan.failed", "scan.leaks_found").param("description", "#ops"));
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        String location = created.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/webhooks/");
        UUID id = UUID.fromString(location.substring("/webhooks/".length()));
        String secret = jdbc.sql("SELECT secret FROM webhook_subscriptions WHERE id = :id AND tenant_id = :t")
                .param("id", id).param("t", tenant).query(String.class).single();
        assertThat(secret).startsWith("whsec_");

        String first = html(browser.page(location));
        assertThat(first).contains("Subscription created").contains("(shown only now)")
                .contains("value=\"" + secret + "\"").contains("not shown again");
        String again = html(browser.page(location));
        assertThat(again).doesNotContain(secret).doesNotContain("shown only now");
        assertThat(again).contains(RECEIVER).contains("scan.failed").contains("scan.leaks_found").contains("#ops")
                .contains(">Active<");

        String list = html(browser.page("/webhooks"));
        assertThat(list).doesNotContain("No subscriptions yet").doesNotContain(secret)
                .contains("href=\"/webhooks/" + id + "\"").contains(RECEIVER).contains("#ops").contains(">Active<");

        // rotating shows the new secret once, with the overlap of the old one
        MvcResult rotated = send(post("/webhooks/" + id + "/rotate-secret"));
        assertThat(rotated.getResponse().getRedirectedUrl()).isEqualTo("/webhooks/" + id);
        String newSecret = jdbc.sql("SELECT secret FROM webhook_subscriptions WHERE id = :id").param("id", id)
                .query(String.class).single();
        assertThat(newSecret).isNotEqualTo(secret);
        String afterRotation = html(browser.page(location));
        assertThat(afterRotation).contains("New signing secret").contains("(shown only now)")
                .contains("value=\"" + newSecret + "\"").contains("The previous secret keeps signing until")
                .doesNotContain(secret);
        assertThat(html(browser.page(location))).doesNotContain(newSecret);
    }

    @Test
    void aRefusedDestinationShowsTheGuardsMessageNextToTheUrlAndSavesNothing() throws Exception {
        MvcResult r = send(post("/webhooks").param("url", "http://127.0.0.1:8080/hook")
                .param("events", "scan.failed").param("description", "loopback"));
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String page = html(r);
        assertThat(page).containsPattern("id=\"url-error\" class=\"error\">127.0.0.1 is a loopback address "
                + "\\(127.0.0.0/8\\); webhooks go to public addresses only unless "
                + "leakscan.webhooks.allow-private-destinations is true</p>");
        assertThat(page).contains("aria-invalid=\"true\"").contains("aria-describedby=\"url-error url-hint\"")
                .contains("value=\"http://127.0.0.1:8080/hook\"").contains("value=\"loopback\"")
                .contains("The subscription was not saved").contains("href=\"#url\"");
        assertThat(page).containsPattern("value=\"scan.failed\"\\s+checked");
        assertThat(webhooks.list(tenant)).isEmpty();

        // the metadata address, the API's bean constraints and an unknown event name, each at its field
        assertThat(html(send(post("/webhooks").param("url", "http://169.254.169.254/latest/meta-data/")
                .param("events", "scan.failed")))).contains("169.254.169.254 is the cloud metadata address");
        MvcResult blank = send(post("/webhooks").param("url", " ").param("description", "x".repeat(501)));
        assertThat(blank.getResponse().getStatus()).isEqualTo(422);
        assertThat(html(blank)).contains("id=\"url-error\" class=\"error\">must not be blank</p>")
                .contains("id=\"events-error\" class=\"error\">must not be empty</p>")
                .contains("id=\"description-error\" class=\"error\">size must be between 0 and 500</p>");
        MvcResult unknown = send(post("/webhooks").param("url", RECEIVER).param("events", "scan.exploded"));
        assertThat(unknown.getResponse().getStatus()).isEqualTo(422);
        assertThat(html(unknown)).contains("id=\"events-error\" class=\"error\">&#39;scan.exploded&#39; is not an "
                + "event; use scan.succeeded, scan.failed, scan.cancelled, scan.leaks_found, scan.regressed.</p>");
        assertThat(webhooks.list(tenant)).isEmpty();
    }

    @Test
    void aDisabledSubscriptionSaysWhyAndCanBeSwitchedOnAgain() throws Exception {
        UUID id = subscribe(tenant, "scan.succeeded");
        jdbc.sql("""
                        UPDATE webhook_subscriptions SET active = false, consecutive_failures = 20,
                            disabled_at = now(), disabled_reason = '20 consecutive failed attempts' WHERE id = :id""")
                .param("id", id).update();
        String list = html(browser.page("/webhooks"));
        assertThat(list).contains(">Disabled<").contains("20 failures in a row")
                .contains("20 consecutive failed attempts");
        String detail = html(browser.page("/webhooks/" + id));
        assertThat(detail).contains("Switched off by the server").contains("20 consecutive failed attempts")
                .contains("20 failed attempts in a row").containsPattern("id=\"toggle-active\"[^>]*>Activate<");

        MvcResult on = send(post("/webhooks/" + id + "/active").param("active", "true"));
        assertThat(on.getResponse().getRedirectedUrl()).isEqualTo("/webhooks/" + id + "?notice=activated");
        String active = html(browser.page(on.getResponse().getRedirectedUrl()));
        assertThat(active).contains("The subscription is active").contains(">Active<")
                .doesNotContain("Switched off").doesNotContain("in a row")
                .containsPattern("id=\"toggle-active\"[^>]*>Deactivate<");
        assertThat(webhooks.get(tenant, id).consecutiveFailures()).isZero();

        MvcResult off = send(post("/webhooks/" + id + "/active").param("active", "false"));
        assertThat(off.getResponse().getRedirectedUrl()).isEqualTo("/webhooks/" + id + "?notice=deactivated");
        assertThat(html(browser.page("/webhooks"))).contains(">Inactive<");
        assertThat(webhooks.get(tenant, id).active()).isFalse();
        // a missing or nonsense value is a 400 page, not a change
        assertThat(send(post("/webhooks/" + id + "/active")).getResponse().getStatus()).isEqualTo(400);
        assertThat(send(post("/webhooks/" + id + "/active").param("active", "maybe")).getResponse().getStatus())
                .isEqualTo(400);
    }

    @Test
    void deliveriesShowTheirStatusLastAttemptAndLogAndFinishedOnesCanBeRedelivered() throws Exception {
        UUID id = subscribe(tenant, "scan.succeeded", "scan.failed");
        UUID scan = scan(tenant);
        UUID failed = delivery(tenant, id, scan, "scan.failed", "FAILED", 2, "HTTP 500", 5);
        attempt(failed, 1, null, 2003, null, "connect timed out after 2 s", false);
        attempt(failed, 2, 500, 41, "{\"error\":\"receiver exploded\"}", "HTTP 500", false);
        UUID succeeded = delivery(tenant, id, scan, "scan.succeeded", "SUCCEEDED", 2, null, 3);
        attempt(succeeded, 1, 503, 17, "busy", "HTTP 503", false);
        attempt(succeeded, 2, 204, 12, "", null, true);
        UUID pending = delivery(tenant, id, scan, "scan.succeeded", "PENDING", 0, null, 1);

        MvcResult r = browser.page("/webhooks/" + id);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String page = html(r);
        assertThat(page).doesNotContain("No deliveries yet")
                .contains("id=\"delivery-" + failed + "\"").contains("id=\"delivery-" + succeeded + "\"")
                .contains("id=\"delivery-" + pending + "\"")
                .contains("href=\"/scans/" + scan + "\"").contains(">Delivered<").contains(">Failed<")
                .contains(">Pending<").contains("2 attempts").contains("No attempt yet.").contains("Next attempt")
                .contains("Some deliveries are still being sent");
        // newest first: the pending one, then the succeeded, then the failed
        assertThat(page.indexOf("delivery-" + pending)).isLessThan(page.indexOf("delivery-" + succeeded));
        assertThat(page.indexOf("delivery-" + succeeded)).isLessThan(page.indexOf("delivery-" + failed));
        String failedItem = page.substring(page.indexOf("id=\"delivery-" + failed + "\""));
        assertThat(failedItem).containsPattern("Last attempt\\s+<time[^>]*>[^<]+</time>:\\s+<strong>HTTP 500</strong>"
                        + "\\s+in <span>41 ms</span>")
                .contains("<summary>Attempt log (2)</summary>").contains("connect timed out after 2 s")
                .contains("{&quot;error&quot;:&quot;receiver exploded&quot;}").contains("2 s</td>");
        String succeededItem = page.substring(page.indexOf("id=\"delivery-" + succeeded + "\""),
                page.indexOf("id=\"delivery-" + failed + "\""));
        assertThat(succeededItem).contains("<strong>HTTP 204</strong>").contains("<span>OK</span> (HTTP 204)")
                .contains("<span>Failed</span> (HTTP 503)").contains(">Redeliver<");
        // only finished deliveries offer the button
        String pendingItem = page.substring(page.indexOf("id=\"delivery-" + pending + "\""),
                page.indexOf("id=\"delivery-" + succeeded + "\""));
        assertThat(pendingItem).doesNotContain(">Redeliver<");

        MvcResult again = send(post("/webhooks/" + id + "/deliveries/" + failed + "/redeliver"));
        assertThat(again.getResponse().getRedirectedUrl())
                .isEqualTo("/webhooks/" + id + "?notice=redelivery-queued#delivery-" + failed);
        assertThat(status(failed)).isEqualTo("PENDING");
        assertThat(html(browser.page("/webhooks/" + id + "?notice=redelivery-queued"))).contains("Redelivery queued");

        // a pending delivery (a second click, another tab) is a 409 page that says why, and nothing changes
        MvcResult conflict = send(post("/webhooks/" + id + "/deliveries/" + pending + "/redeliver"));
        assertThat(conflict.getResponse().getStatus()).isEqualTo(409);
        assertThat(html(conflict)).contains("Not redelivered").contains("Delivery " + pending + " is PENDING; only a "
                + "SUCCEEDED or FAILED delivery can be redelivered.").contains("id=\"delivery-" + pending + "\"");
        assertThat(status(pending)).isEqualTo("PENDING");

        // a switched-off subscription: 409 with the reason; its pending deliveries ended FAILED when it went off
        send(post("/webhooks/" + id + "/active").param("active", "false"));
        MvcResult off = send(post("/webhooks/" + id + "/deliveries/" + succeeded + "/redeliver"));
        assertThat(off.getResponse().getStatus()).isEqualTo(409);
        assertThat(html(off)).contains("is disabled; set active to true before redelivering.");
        assertThat(status(succeeded)).isEqualTo("SUCCEEDED");
        assertThat(html(browser.page("/webhooks/" + id))).contains("subscription deactivated");
    }

    @Test
    void deliveriesArePagedNewestFirst() throws Exception {
        UUID id = subscribe(tenant, "scan.failed");
        UUID scan = scan(tenant);
        for (int i = 0; i < WebhooksController.DELIVERIES_PER_PAGE + 3; i++) {
            delivery(tenant, id, scan, "scan.failed", "SUCCEEDED", 1, null, 100 - i);
        }
        String first = html(browser.page("/webhooks/" + id));
        assertThat(first.split("class=\"delivery\"", -1)).hasSize(WebhooksController.DELIVERIES_PER_PAGE + 1);
        assertThat(first).contains("rel=\"next\"").doesNotContain("rel=\"prev\"");
        String second = html(browser.page("/webhooks/" + id + "?page=1"));
        assertThat(second.split("class=\"delivery\"", -1)).hasSize(4);
        assertThat(second).contains("rel=\"prev\"").doesNotContain("rel=\"next\"").contains("Page 2");
        assertThat(html(browser.page("/webhooks/" + id + "?page=7"))).contains("No older deliveries");
    }

    @Test
    void deleteAsksFirstThenRemovesTheSubscriptionAndItsLog() throws Exception {
        UUID id = subscribe(tenant, "scan.failed");
        UUID d = delivery(tenant, id, scan(tenant), "scan.failed", "FAILED", 1, "HTTP 500", 1);
        String confirm = html(browser.page("/webhooks/" + id + "/delete"));
        assertThat(confirm).contains("Delete this subscription?").contains(RECEIVER)
                .contains("its delivery log is deleted with it").contains("id=\"confirm-delete\"")
                .contains("href=\"/webhooks/" + id + "\">Keep it<");
        assertThat(webhooks.list(tenant)).hasSize(1); // looking at the question changed nothing
        MvcResult deleted = send(post("/webhooks/" + id + "/delete"));
        assertThat(deleted.getResponse().getRedirectedUrl()).isEqualTo("/webhooks?notice=deleted");
        assertThat(html(browser.page("/webhooks?notice=deleted"))).contains("The subscription and its delivery log were")
                .contains("No subscriptions yet");
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE id = :id").param("id", d)
                .query(Long.class).single()).isZero();
        assertThat(browser.page("/webhooks/" + id).getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void formsWithoutTheSessionsTokenChangeNothing() throws Exception {
        UUID id = subscribe(tenant, "scan.failed");
        UUID d = delivery(tenant, id, scan(tenant), "scan.failed", "FAILED", 1, "HTTP 500", 1);
        String secret = webhooks.get(tenant, id).secret();
        List<MockHttpServletRequestBuilder> forms = List.of(
                post("/webhooks").param("url", RECEIVER).param("events", "scan.failed"),
                post("/webhooks/" + id + "/active").param("active", "false"),
                post("/webhooks/" + id + "/rotate-secret"),
                post("/webhooks/" + id + "/delete"),
                post("/webhooks/" + id + "/deliveries/" + d + "/redeliver"));
        for (MockHttpServletRequestBuilder form : forms) {
            for (String token : new String[]{null, "forged-token"}) {
                if (token != null) {
                    form.param("_csrf", token);
                }
                MvcResult r = mvc.perform(form.session(browser.session)).andReturn();
                assertThat(r.getResponse().getStatus()).isEqualTo(403);
                assertThat(html(r)).contains("Form expired").contains("Nothing was changed");
            }
        }
        assertThat(webhooks.list(tenant)).hasSize(1);
        assertThat(webhooks.get(tenant, id).active()).isTrue();
        assertThat(webhooks.get(tenant, id).secret()).isEqualTo(secret);
        assertThat(status(d)).isEqualTo("FAILED");
    }

    @Test
    void anotherTenantsSubscriptionsAndDeliveriesAreNotFoundPages() throws Exception {
        UUID otherTenant = tenants.create("webhook-pages-other").id();
        UUID theirs = webhooks.create(otherTenant, new WebhookApi.CreateRequest("https://93.184.215.15/theirs",
                List.of("scan.failed"), "their channel", true)).id();
        UUID theirDelivery = delivery(otherTenant, theirs, scan(otherTenant), "scan.failed", "FAILED", 1, "x", 1);
        UUID mine = subscribe(tenant, "scan.failed");

        assertThat(html(browser.page("/webhooks"))).doesNotContain("93.184.215.15").doesNotContain("their channel");
        for (String path : List.of("/webhooks/" + theirs, "/webhooks/" + theirs + "/delete",
                "/webhooks/" + UUID.randomUUID(), "/webhooks/not-a-uuid")) {
            MvcResult r = browser.page(path);
            assertThat(r.getResponse().getStatus()).as(path).isEqualTo(404);
            assertThat(html(r)).as(path).doesNotContain("93.184.215.15");
        }
        assertThat(html(browser.page("/webhooks/" + theirs)))
                .contains("There is no such webhook subscription or delivery in your account");
        for (MockHttpServletRequestBuilder form : List.of(post("/webhooks/" + theirs + "/delete"),
                post("/webhooks/" + theirs + "/active").param("active", "false"),
                post("/webhooks/" + theirs + "/rotate-secret"),
                post("/webhooks/" + theirs + "/deliveries/" + theirDelivery + "/redeliver"),
                // their delivery under my subscription's address
                post("/webhooks/" + mine + "/deliveries/" + theirDelivery + "/redeliver"))) {
            assertThat(send(form).getResponse().getStatus()).isEqualTo(404);
        }
        assertThat(webhooks.get(otherTenant, theirs).active()).isTrue();
        assertThat(status(theirDelivery)).isEqualTo("FAILED");
    }
}
