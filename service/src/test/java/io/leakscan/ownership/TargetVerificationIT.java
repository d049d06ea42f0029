package io.leakscan.ownership;

import io.leakscan.scan.ScanTestConfiguration;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Role;
import io.leakscan.tenant.SettableClock;
import io.leakscan.tenant.SettableClockConfiguration;
import io.leakscan.tenant.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.xbill.DNS.Rcode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A hosted service ({@code verification=required}) against the real database, a loopback web server serving the
 * well-known file and a loopback DNS server answering TXT queries: both methods, a wrong token, expiry, re-checks,
 * roles and bad input.
 */
@SpringBootTest(properties = {"leakscan.worker.enabled=false", "leakscan.target.verification.mode=required",
        "leakscan.target.allow=*.example.test"})
@AutoConfigureMockMvc
@Import({ScanTestConfiguration.class, SettableClockConfiguration.class})
class TargetVerificationIT {

    static final Instant T0 = SettableClockConfiguration.T0;
    static final LoopbackDns DNS;
    static final TokenFileServer WEB = new TokenFileServer();

    static {
        try {
            DNS = new LoopbackDns();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void dns(DynamicPropertyRegistry registry) {
        registry.add("leakscan.target.verification.dns-servers", DNS::address);
        registry.add("leakscan.target.verification.timeout", () -> "2s");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        WEB.close();
        DNS.close();
    }

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
    OwnershipRecheck recheck;

    String admin;
    String web;

    @BeforeEach
    void newTenant() {
        clock.set(T0);
        WEB.publish(null);
        DNS.clear();
        UUID tenant = tenants.create("verify-" + UUID.randomUUID()).id();
        admin = keys.issue(tenant, "admin").key();
        web = WEB.origin();
    }

    ResultActions call(String key, MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + key));
    }

    ResultActions create(String name, String baseUrl) throws Exception {
        return call(admin, post("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"" + name + "\", \"baseUrl\": \"" + baseUrl + "\"}"));
    }

    JsonNode created(String name, String baseUrl) throws Exception {
        return json.readTree(create(name, baseUrl).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString());
    }

    ResultActions verify(JsonNode target, String method) throws Exception {
        return call(admin, post("/api/v1/targets/" + target.get("id").asString() + "/verify")
                .contentType(MediaType.APPLICATION_JSON).content("{\"method\": \"" + method + "\"}"));
    }

    ResultActions scan(String baseUrl) throws Exception {
        return call(admin, post("/api/v1/scans").contentType(MediaType.APPLICATION_JSON)
                .content("{\"target\": {\"baseUrl\": \"" + baseUrl + "\"}, \"profile\": \"quick\"}"));
    }

    ResultActions scanTarget(String key, String target) throws Exception {
        return call(key, post("/api/v1/scans").contentType(MediaType.APPLICATION_JSON)
                .content("{\"target\": " + target + ", \"profile\": \"quick\"}"));
    }

    @Test
    void aScanNamesAVerifiedTargetByIdAndIsRefusedAnyOtherOne() throws Exception {
        JsonNode target = created("web", web);
        String id = target.get("id").asString();
        String byId = "{\"targetId\": \"" + id + "\", \"headers\": {\"Authorization\": \"Bearer t\"}}";

        scanTarget(admin, byId).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type", containsString("target-not-verified")))
                .andExpect(jsonPath("$.detail", containsString("target \"web\" is unverified")))
                .andExpect(jsonPath("$.detail", containsString(OwnershipCheck.WELL_KNOWN)))
                .andExpect(jsonPath("$.targetId").value(id));
        String other = keys.issue(tenants.create("other-" + UUID.randomUUID()).id(), "other").key();
        scanTarget(other, byId).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", containsString("unknown-target")))
                .andExpect(jsonPath("$.detail", containsString("this tenant has no target " + id)));
        scanTarget(admin, "{\"targetId\": \"" + UUID.randomUUID() + "\"}")
                .andExpect(status().isUnprocessableContent());
        scanTarget(admin, "{\"targetId\": \"not-a-uuid\"}").andExpect(status().isBadRequest());
        scanTarget(admin, "{\"targetId\": \"" + id + "\", \"baseUrl\": \"" + web + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("target.baseUrl"))
                .andExpect(jsonPath("$.errors[0].message", containsString("not both")));

        WEB.publish(target.at("/verification/value").asString());
        verify(target, "http").andExpect(status().isOk());
        scanTarget(admin, byId).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.target.baseUrl").value(web))
                .andExpect(jsonPath("$.target.headers.Authorization", not("Bearer t")));

        clock.set(T0.plus(Duration.ofDays(8)));
        scanTarget(admin, byId).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail", containsString("is expired")));
    }

    @Test
    void anUnverifiedHostIsRefusedWithHowToVerify() throws Exception {
        scan(web).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type", containsString("target-not-verified")))
                .andExpect(jsonPath("$.detail", containsString("POST /api/v1/targets")))
                .andExpect(jsonPath("$.detail", containsString("_leakscan.127.0.0.1")))
                .andExpect(jsonPath("$.host").value("127.0.0.1"));
        created("web", web);
        // registered is not verified
        scan(web).andExpect(status().isForbidden());
    }

    @Test
    void theHttpTokenVerifiesTheHostForEveryPortAndAWrongOneSaysWhatWasThere() throws Exception {
        JsonNode target = created("web", web);
        assertThat(target.get("status").asString()).isEqualTo("UNVERIFIED");
        String value = target.at("/verification/value").asString();
        assertThat(value).matches("leakscan-verification=[0-9a-f]{32}");
        assertThat(target.at("/verification/httpUrl").asString())
                .isEqualTo(web + "/.well-known/leakscan-verification.txt");

        verify(target, "http").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("answered 404")));
        WEB.publish("leakscan-verification=0000\n");
        verify(target, "http").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", containsString("target-not-verified")))
                .andExpect(jsonPath("$.detail", containsString("has no line " + value)));
        scan(web).andExpect(status().isForbidden());

        WEB.publish("other-tool=1\n" + value + "\n");
        verify(target, "http").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("VERIFIED"))
                .andExpect(jsonPath("$.verifiedMethod").value("http"))
                .andExpect(jsonPath("$.verifiedUntil").value(T0.plus(Duration.ofDays(7)).toString()));
        scan(web).andExpect(status().isAccepted());
        // the host is proven, not the port
        scan("http://127.0.0.1:1").andExpect(status().isAccepted());
    }

    @Test
    void theDnsRecordVerifiesAndAMissingOrWrongOneSaysWhatWasThere() throws Exception {
        JsonNode target = created("api", "https://api.example.test:8443");
        String value = target.at("/verification/value").asString();
        assertThat(target.at("/verification/dnsName").asString()).isEqualTo("_leakscan.api.example.test");

        verify(target, "dns").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("no TXT record at _leakscan.api.example.test")));
        DNS.txt("_leakscan.api.example.test", "v=spf1 -all", "leakscan-verification=ffff");
        verify(target, "dns").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("2 value(s), none is " + value)));
        DNS.failWith(Rcode.SERVFAIL);
        verify(target, "dns").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("SERVFAIL")));

        DNS.clear();
        DNS.txt("_leakscan.api.example.test", value);
        verify(target, "dns").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("VERIFIED"))
                .andExpect(jsonPath("$.verifiedMethod").value("dns"));
        scan("https://api.example.test:8443/v1").andExpect(status().isAccepted());
        // another host of the same domain
        scan("https://other.example.test").andExpect(status().isForbidden());
    }

    @Test
    void aProofExpiresUnlessTheRecheckFindsItAgain() throws Exception {
        JsonNode target = created("web", web);
        WEB.publish(target.at("/verification/value").asString());
        verify(target, "http").andExpect(status().isOk());

        clock.set(T0.plus(Duration.ofDays(2)));
        assertThat(recheck.recheckDue()).isPositive();
        String id = target.get("id").asString();
        call(admin, get("/api/v1/targets/" + id))
                .andExpect(jsonPath("$.verifiedUntil").value(T0.plus(Duration.ofDays(9)).toString()))
                .andExpect(jsonPath("$.lastCheckedAt").value(T0.plus(Duration.ofDays(2)).toString()));

        WEB.publish(null); // the tenant took the file down
        clock.set(T0.plus(Duration.ofDays(4)));
        recheck.recheckDue();
        call(admin, get("/api/v1/targets/" + id)).andExpect(jsonPath("$.status").value("VERIFIED"))
                .andExpect(jsonPath("$.lastCheck", containsString("answered 404")));
        scan(web).andExpect(status().isAccepted());

        clock.set(T0.plus(Duration.ofDays(9)));
        call(admin, get("/api/v1/targets/" + id)).andExpect(jsonPath("$.status").value("EXPIRED"));
        scan(web).andExpect(status().isForbidden());
    }

    @Test
    void onlyAdminsChangeTargetsEveryRoleReadsThem() throws Exception {
        JsonNode target = created("web", web);
        UUID tenant = tenants.create("roles-" + UUID.randomUUID()).id();
        String scanKey = keys.issue(tenant, "scan", Role.SCAN, null).key();
        String readKey = keys.issue(tenant, "read", Role.READ, null).key();
        call(scanKey, post("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"x\", \"baseUrl\": \"" + web + "\"}")).andExpect(status().isForbidden());
        call(readKey, get("/api/v1/targets")).andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));
        call(readKey, get("/api/v1/targets/" + target.get("id").asString()))
                // another tenant's target does not exist for it
                .andExpect(status().isNotFound());
    }

    @Test
    void badInputIsAProblemThatNamesTheField() throws Exception {
        create("lan", "http://10.0.0.1").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("baseUrl:")));
        create(" ", web).andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", containsString("name")));
        JsonNode target = created("web", web);
        create("web", web).andExpect(status().isConflict());
        verify(target, "ftp").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("http or dns")));
        verify(target, "dns").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("IP address")));
        call(admin, delete("/api/v1/targets/" + target.get("id").asString())).andExpect(status().isNoContent());
        call(admin, delete("/api/v1/targets/" + target.get("id").asString())).andExpect(status().isNotFound());
    }
}
