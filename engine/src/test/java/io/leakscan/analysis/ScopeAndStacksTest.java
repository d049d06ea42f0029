package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.parse.Frame;
import io.leakscan.telemetry.parse.GoroutineProfile;
import io.leakscan.telemetry.parse.StackGroup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeAndStacksTest {

    private static EndpointRef get(String path) {
        return new EndpointRef("GET", path);
    }

    @Test
    void aPrefixSharedOnlyByTheAffectedRoutesIsARouteGroup() {
        assertThat(ScopeResolver.sharedPrefix(List.of(get("/admin/stats"), get("/admin/users")),
                List.of(get("/api/items"), get("/admin/stats"), get("/admin/users")))).isEqualTo("/admin");
        assertThat(ScopeResolver.sharedPrefix(List.of(get("/api/v1/a"), get("/api/v1/b/:id")),
                List.of(get("/api/v1/a"), get("/api/v1/b/:id"), get("/api/v2/c")))).isEqualTo("/api/v1");
    }

    @Test
    void noGroupWhenAnUnaffectedRouteSharesThePrefixOrThereIsNone() {
        assertThat(ScopeResolver.sharedPrefix(List.of(get("/admin/stats"), get("/admin/users")),
                List.of(get("/admin/stats"), get("/admin/users"), get("/admin/health")))).isNull();
        assertThat(ScopeResolver.sharedPrefix(List.of(get("/a"), get("/b")), List.of(get("/a"), get("/b"))))
                .isNull();
        // a parameter is no group name, and one route is not a group of itself
        assertThat(ScopeResolver.sharedPrefix(List.of(get("/users"), get("/users/:id")),
                List.of(get("/users"), get("/users/:id")))).isNull();
    }

    @Test
    void appFramesAreMainAndTheAppsOwnModulesOnly() {
        assertThat(Stacks.isAppFrame(new Frame("main.(*server).stream", null, 0))).isTrue();
        assertThat(Stacks.isAppFrame(new Frame("github.com/acme/shop/internal/cart.(*Cart).Add", null, 0))).isTrue();
        assertThat(Stacks.isAppFrame(new Frame("github.com/labstack/echo/v4.(*Echo).ServeHTTP", null, 0))).isFalse();
        assertThat(Stacks.isAppFrame(new Frame("github.com/labstack/echo/v4/middleware.ContextTimeout.func1",
                null, 0))).isFalse();
        assertThat(Stacks.isAppFrame(new Frame("net/http.(*conn).serve", null, 0))).isFalse();
        assertThat(Stacks.isAppFrame(new Frame("runtime.gopark", null, 0))).isFalse();
        assertThat(Stacks.isAppFrame(new Frame("internal/poll.(*pollDesc).wait", null, 0))).isFalse();
        assertThat(Stacks.isAppFrame(new Frame("sync.(*WaitGroup).Wait", null, 0))).isFalse();
        assertThat(Stacks.isAppFrame(new Frame("crypto/tls.(*Conn).Read", null, 0))).isFalse();
        assertThat(Stacks.isAppFrame(new Frame("golang.org/x/net/http2.(*serverConn).serve", null, 0))).isFalse();
        assertThat(Stacks.isAppFrame(new Frame("", null, 0))).isFalse();
    }

    @Test
    void theDiffKeepsOnlyGroupsThatGrewEnoughMostFirst() {
        Frame handler = new Frame("main.getQuote.func1", "/src/app/server.go", 46);
        Frame echo = new Frame("github.com/labstack/echo/v4.(*Echo).ServeHTTP", "/mod/echo.go", 698);
        Frame pool = new Frame("main.worker", "/src/app/pool.go", 12);
        Instant t = Instant.EPOCH;
        GoroutineProfile before = new GoroutineProfile(t, 9, List.of(
                new StackGroup(8, List.of(pool), Map.of(), null, Map.of(), 0),
                new StackGroup(1, List.of(handler, echo), Map.of(), new Frame("main.getQuote", "/src/app/server.go",
                        46), Map.of("chan send", 1), 0)), true);
        GoroutineProfile after = new GoroutineProfile(t, 119, List.of(
                new StackGroup(8, List.of(pool), Map.of(), null, Map.of(), 0),
                new StackGroup(101, List.of(handler, echo), Map.of(), new Frame("main.getQuote", "/src/app/server.go",
                        46), Map.of("chan send", 101), 3),
                new StackGroup(10, List.of(new Frame("net/http.(*conn).serve", "/go/server.go", 2067)), Map.of(),
                        null, Map.of(), 0)), true);
        List<Stacks.Grown> grown = Stacks.grown(before, after, 5);
        assertThat(grown).hasSize(2);
        StackEvidence top = grown.getFirst().evidence();
        assertThat(top.growth()).isEqualTo(100);
        assertThat(top.leakSite()).isEqualTo(handler);
        assertThat(top.appFrames()).containsExactly(handler);
        assertThat(top.waitState()).isEqualTo("chan send");
        assertThat(top.waitMinutes()).isEqualTo(3);
        // a library-only stack is located by its entry function
        assertThat(grown.get(1).evidence().leakSite().function()).isEqualTo("net/http.(*conn).serve");
        assertThat(Stacks.grown(null, after, 1)).isEmpty();
    }
}
