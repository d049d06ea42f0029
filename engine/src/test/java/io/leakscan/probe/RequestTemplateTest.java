package io.leakscan.probe;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTemplateTest {

    TargetSpec target = new TargetSpec(URI.create("http://127.0.0.1:8080/api/"), Map.of("X-Api-Key", "k", "X-Forwarded-For", "10.0.0.1"));

    @Test
    void joinsTheBasePathAndTheEndpointPath() {
        assertThat(new RequestTemplate(target, Endpoint.get("/users/42")).plain().uri())
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/users/42"));
        assertThat(new RequestTemplate(target, Endpoint.get("health")).plain().uri())
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/health"));
    }

    @Test
    void headerKeysAreAddressesInTheBenchmarkingRangeAndReplaceAnExistingHeader() {
        RequestTemplate template = new RequestTemplate(target, Endpoint.get("/"));
        var request = template.keyed(new KeyPlacement.Header("x-forwarded-for"), 0);
        assertThat(request.headers()).containsEntry("x-forwarded-for", "198.18.0.1").doesNotContainKey("X-Forwarded-For")
                .containsEntry("X-Api-Key", "k");
        assertThat(RequestTemplate.ipKey(255)).isEqualTo("198.18.1.0");
        assertThat(RequestTemplate.ipKey(RequestTemplate.KEY_RANGE_SIZE - 3)).isEqualTo("198.19.255.254");
        assertThat(RequestTemplate.ipKey(RequestTemplate.KEY_RANGE_SIZE - 2)).isEqualTo("198.18.0.1"); // wraps, never leaves the range
    }

    @Test
    void queryAndPathKeysKeepTheRestOfTheRequest() {
        RequestTemplate template = new RequestTemplate(target, Endpoint.get("/users/42?x=1"));
        assertThat(template.keyed(new KeyPlacement.QueryParam("id"), 35).uri())
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/users/42?x=1&id=lskz"));
        assertThat(template.keyed(new KeyPlacement.PathSegment("42"), 36).uri())
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/users/lsk10?x=1"));
        assertThat(template.keyed(new KeyPlacement.PathSegment(":id"), 1).uri())
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/users/42/lsk1?x=1"));
    }

    @Test
    void aQueryKeyReplacesTheValueTheRequestAlreadyCarries() {
        // Echo's c.QueryParam reads the first value: an appended duplicate would leave the key unread
        RequestTemplate template = new RequestTemplate(target, Endpoint.get("/search?q=shoes&page=2"));
        assertThat(template.keyed(new KeyPlacement.QueryParam("q"), 35).uri())
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/search?q=lskz&page=2"));
        assertThat(template.keyed(new KeyPlacement.QueryParam("page"), 1).uri())
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/search?q=shoes&page=lsk1"));
    }

    @Test
    void aPathParameterKeyTakesItsSegmentAndTheUnknownPathNoRoute() {
        RequestTemplate template = new RequestTemplate(target, Endpoint.get("/badges/build/svg?x=1"));
        assertThat(template.keyed(new KeyPlacement.PathParam("label", 1), 36).uri())
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/badges/lsk10/svg?x=1"));
        assertThatThrownBy(() -> template.keyed(new KeyPlacement.PathParam("label", 3), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no segment 3");
        var unknown = template.keyed(new KeyPlacement.UnknownPath(), 2);
        assertThat(unknown.uri()).isEqualTo(URI.create("http://127.0.0.1:8080/api/leakscan-unrouted/lsk2"));
        assertThat(template.keyed(new KeyPlacement.UnknownPath(), 2).uri()).as("repeatable: the control round")
                .isEqualTo(unknown.uri());
    }

    @Test
    void identityKeysVaryEveryIdentityHeaderButKeepTheEndpointsCredentials() {
        var open = new RequestTemplate(target, Endpoint.get("/")).keyed(new KeyPlacement.Identity(), 1).headers();
        assertThat(open).containsEntry("X-Request-ID", "lsk1").containsEntry("X-Real-IP", "198.18.0.2")
                .containsEntry("Authorization", "Bearer lsk1").containsEntry("Cookie", "session=lsk1")
                .containsEntry("User-Agent", RequestTemplate.USER_AGENT + " lsk1").containsEntry("X-Api-Key", "k");

        Endpoint signedIn = new Endpoint("GET", "/me", null, null, Map.of("authorization", "Bearer real"));
        var kept = new RequestTemplate(target, signedIn).keyed(new KeyPlacement.Identity(), 1).headers();
        assertThat(kept).containsEntry("authorization", "Bearer real").doesNotContainKey("Authorization");
    }

    @Test
    void rejectsTargetsAndPlacementsItCannotSendSafely() {
        assertThatThrownBy(() -> new RequestTemplate(new TargetSpec(URI.create("file:///etc/passwd"), Map.of()), Endpoint.get("/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestTemplate(new TargetSpec(URI.create("http://user:pw@127.0.0.1/"), Map.of()), Endpoint.get("/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials");
        assertThatThrownBy(() -> new RequestTemplate(target, Endpoint.get("/a b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyPlacement.Header("X Bad")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyPlacement.QueryParam("a=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyPlacement.PathSegment("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyPlacement.PathSegment("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyPlacement.PathParam("id", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyPlacement.PathParam("a?b", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
