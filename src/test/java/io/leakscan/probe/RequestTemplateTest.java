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
    }
}
