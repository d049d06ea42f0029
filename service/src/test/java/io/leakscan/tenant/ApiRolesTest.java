package io.leakscan.tenant;

import io.leakscan.SharedServiceContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Role x endpoint x expected status over every API endpoint. The endpoints come from Spring MVC's own request
 * mappings, and the table must name each of them: a new endpoint fails this test until someone decides who may call
 * it. Ids in paths are unknown ones, so an allowed call ends in the handler's own answer (404, 400, 200) and nothing
 * of another tenant is touched.
 */
@SharedServiceContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRolesTest {

    static final String OPERATOR_KEY = "test-admin-key-000000000000000000000";

    /** Who may call an endpoint: a tenant key with at least a role, or only the operator's admin key. */
    sealed interface Needs permits Needs.TenantRole, Needs.Operator {
        record TenantRole(Role role) implements Needs {
        }

        record Operator() implements Needs {
        }
    }

    /** The least caller, and the status an allowed call with unknown ids and an empty JSON body gets. */
    record Expected(Needs needs, int allowedStatus) {
    }

    static Expected read(int status) {
        return new Expected(new Needs.TenantRole(Role.READ), status);
    }

    static Expected scan(int status) {
        return new Expected(new Needs.TenantRole(Role.SCAN), status);
    }

    static Expected admin(int status) {
        return new Expected(new Needs.TenantRole(Role.ADMIN), status);
    }

    static Expected operator(int status) {
        return new Expected(new Needs.Operator(), status);
    }

    static final Map<String, Expected> TABLE = Map.ofEntries(
            entry("POST /api/v1/scans", scan(400)),
            entry("GET /api/v1/scans", read(200)),
            entry("GET /api/v1/scans/{id}", read(404)),
            entry("POST /api/v1/scans/{id}/cancel", scan(404)),
            entry("GET /api/v1/scans/{id}/events", read(404)),
            entry("GET /api/v1/scans/{id}/findings", read(404)),
            entry("GET /api/v1/scans/{id}/comparison", read(404)),
            entry("GET /api/v1/scans/{id}/samples", read(404)),
            entry("GET /api/v1/scans/{id}/report", read(404)),
            entry("GET /api/v1/quota", read(200)),
            entry("GET /api/v1/audit", admin(200)),
            entry("POST /api/v1/keys", admin(400)),
            entry("GET /api/v1/keys", admin(200)),
            entry("DELETE /api/v1/keys/{keyId}", admin(404)),
            entry("POST /api/v1/targets", admin(400)),
            entry("GET /api/v1/targets", read(200)),
            entry("GET /api/v1/targets/{id}", read(404)),
            entry("POST /api/v1/targets/{id}/verify", admin(400)), // without its required method
            entry("DELETE /api/v1/targets/{id}", admin(404)),
            entry("POST /api/v1/schedules", admin(400)),
            entry("GET /api/v1/schedules", read(200)),
            entry("GET /api/v1/schedules/{id}", read(404)),
            entry("DELETE /api/v1/schedules/{id}", admin(404)),
            entry("POST /api/v1/webhooks", admin(400)),
            entry("GET /api/v1/webhooks", admin(200)),
            entry("GET /api/v1/webhooks/{id}", admin(404)),
            entry("PATCH /api/v1/webhooks/{id}", admin(404)),
            entry("DELETE /api/v1/webhooks/{id}", admin(404)),
            entry("POST /api/v1/webhooks/{id}/rotate-secret", admin(404)),
            entry("GET /api/v1/webhooks/{id}/deliveries", admin(404)),
            entry("GET /api/v1/webhooks/deliveries", admin(400)), // without its required scanId
            entry("GET /api/v1/webhooks/deliveries/{id}", admin(404)),
            entry("POST /api/v1/webhooks/deliveries/{id}/redeliver", admin(404)),
            entry("GET /api/v1/webhooks/callback-secret", admin(200)),
            entry("POST /api/v1/webhooks/callback-secret/rotate", admin(200)),
            entry("POST /api/v1/admin/tenants", operator(400)),
            entry("POST /api/v1/admin/tenants/{tenantId}/keys", operator(404)),
            entry("DELETE /api/v1/admin/tenants/{tenantId}/keys/{keyId}", operator(404)),
            entry("GET /api/v1/admin/tenants/{tenantId}/quota", operator(404)),
            entry("PUT /api/v1/admin/tenants/{tenantId}/quota", operator(404)));

    @Autowired
    MockMvc mvc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    Tenants tenants;
    @Autowired
    ApiKeys keys;

    Map<Role, String> keyOf;

    @BeforeAll
    void keysOfEachRole() {
        UUID tenant = tenants.create("roles-test").id();
        keyOf = Map.of(Role.READ, keys.issue(tenant, "r", Role.READ, null).key(),
                Role.SCAN, keys.issue(tenant, "s", Role.SCAN, null).key(),
                Role.ADMIN, keys.issue(tenant, "a", Role.ADMIN, null).key());
    }

    /** "METHOD /pattern" of every handler under /api/, as Spring MVC maps them. */
    Set<String> apiEndpoints() {
        Set<String> out = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                assertThat(methods).as("%s must name its HTTP method", pattern).isNotEmpty();
                methods.forEach(m -> out.add(m.name() + " " + pattern));
            }
        });
        return out;
    }

    @Test
    void theTableNamesEveryApiEndpointAndNothingElse() {
        assertThat(apiEndpoints()).containsExactlyInAnyOrderElementsOf(TABLE.keySet());
    }

    @TestFactory
    Stream<DynamicTest> everyRoleOnEveryEndpoint() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String endpoint : apiEndpoints()) {
            Expected expected = TABLE.get(endpoint);
            if (expected == null) {
                continue; // theTableNamesEveryApiEndpointAndNothingElse fails for it
            }
            for (Role role : Role.values()) {
                int status = switch (expected.needs()) {
                    case Needs.Operator o -> 401;
                    case Needs.TenantRole(Role needed) -> role.includes(needed) ? expected.allowedStatus() : 403;
                };
                tests.add(DynamicTest.dynamicTest(role.wire() + " key, " + endpoint + " -> " + status,
                        () -> expectStatus(endpoint, keyOf.get(role), status)));
            }
            int operatorStatus = expected.needs() instanceof Needs.Operator ? expected.allowedStatus() : 401;
            tests.add(DynamicTest.dynamicTest("operator key, " + endpoint + " -> " + operatorStatus,
                    () -> expectStatus(endpoint, OPERATOR_KEY, operatorStatus)));
            tests.add(DynamicTest.dynamicTest("no key, " + endpoint + " -> 401",
                    () -> expectStatus(endpoint, null, 401)));
        }
        return tests.stream();
    }

    void expectStatus(String endpoint, String key, int status) throws Exception {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        var call = request(HttpMethod.valueOf(method), path).contentType(MediaType.APPLICATION_JSON).content("{}");
        if (key != null) {
            call.header("Authorization", "Bearer " + key);
        }
        MvcResult result = mvc.perform(call).andReturn();
        assertThat(result.getResponse().getStatus()).as("%s with %s", endpoint, key).isEqualTo(status);
        if (status == 403) {
            assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            Needs.TenantRole needed = (Needs.TenantRole) TABLE.get(endpoint).needs();
            assertThat(result.getResponse().getContentAsString())
                    .contains("\"requiredRole\":\"" + needed.role().wire() + "\"")
                    .contains("https://leakscan.io/problems/forbidden");
        }
    }
}
