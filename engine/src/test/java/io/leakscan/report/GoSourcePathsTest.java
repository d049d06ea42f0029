package io.leakscan.report;

import io.leakscan.telemetry.parse.Frame;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoSourcePathsTest {

    @Test
    void packagePathOfGoFunctionNames() {
        assertThat(GoSourcePaths.packagePath("main.orphanedWork.func1.1")).isEqualTo("main");
        assertThat(GoSourcePaths.packagePath("github.com/acme/shop/internal/api.(*Server).createItem"))
                .isEqualTo("github.com/acme/shop/internal/api");
        assertThat(GoSourcePaths.packagePath("net/http.(*conn).serve")).isEqualTo("net/http");
        assertThat(GoSourcePaths.packagePath("gopkg.in/yaml.v3.(*parser).parse")).isEqualTo("gopkg.in/yaml");
        assertThat(SarifReportRenderer.shortName("github.com/a/b/api.(*S).m.func1")).isEqualTo("(*S).m.func1");
    }

    @Test
    void applicationCodeExcludesModuleCacheAndStandardLibrary() {
        assertThat(GoSourcePaths.isApplicationCode(new Frame("main.f", "/src/app/main.go", 1))).isTrue();
        assertThat(GoSourcePaths.isApplicationCode(
                new Frame("github.com/acme/shop/api.h", "/build/api/h.go", 1))).isTrue();
        assertThat(GoSourcePaths.isApplicationCode(new Frame("github.com/labstack/echo/v4.(*Echo).ServeHTTP",
                "/go/pkg/mod/github.com/labstack/echo/v4@v4.13.4/echo.go", 1))).isFalse();
        assertThat(GoSourcePaths.isApplicationCode(new Frame("runtime.gopark", "/usr/local/go/src/runtime/proc.go",
                1))).isFalse();
        assertThat(GoSourcePaths.isApplicationCode(new Frame("time.Sleep", null, 0))).isFalse();
    }

    @Test
    void derivesTheRootFromImportPathSuffixes() {
        assertThat(GoSourcePaths.deriveRoot(List.of(
                new Frame("github.com/acme/shop/internal/api.(*S).h", "/build/shop/internal/api/h.go", 3))))
                .contains("/build/shop");
        // The checkout folder may carry the repository's name: the module path keeps host/owner/repo.
        assertThat(GoSourcePaths.deriveRoot(List.of(
                new Frame("github.com/acme/shop/internal/api.h", "/home/ci/work/shop/internal/api/h.go", 3))))
                .contains("/home/ci/work/shop");
        // A major-version suffix belongs to the module path, not to the folders.
        assertThat(GoSourcePaths.deriveRoot(List.of(
                new Frame("github.com/acme/shop/v2/internal/api.h", "/src/internal/api/h.go", 3)))).contains("/src");
        // A package at the module root: its directory is the root.
        assertThat(GoSourcePaths.deriveRoot(List.of(new Frame("github.com/acme/shop.Run", "/app/run.go", 3))))
                .contains("/app");
        // Non-repository hosts keep at least one segment.
        assertThat(GoSourcePaths.deriveRoot(List.of(new Frame("example.com/svc/store.Put", "/x/store/put.go", 3))))
                .contains("/x");
        // main packages carry no import path, and a directory that does not end in the package's folders is no
        // evidence.
        assertThat(GoSourcePaths.deriveRoot(List.of(new Frame("main.f", "/src/app/main.go", 3)))).isEmpty();
        assertThat(GoSourcePaths.deriveRoot(List.of(
                new Frame("github.com/acme/shop/internal/api.h", "/vendor-copy/other/h.go", 3)))).isEmpty();
    }

    @Test
    void realLabPathsResolveByTheCmdLayout() {
        // As compiled into the lab binary that produced lab fixture goroutine-debug2-brief-middleware-leaky.txt.
        GoSourcePaths paths = GoSourcePaths.forReport(ReportFixtures.clean("s", Instant.EPOCH),
                ReportOptions.defaults());
        assertThat(paths.locate(new Frame("main.orphanedWork.func1.1",
                "/work/wt/lab/lab/cmd/brief-middleware-leaky/server.go", 33)).orElseThrow().display())
                .isEqualTo("cmd/brief-middleware-leaky/server.go:33");
        // Echo's WrapHandler inlined into the lab's telemetry package still lives in the module cache.
        assertThat(paths.locate(new Frame("github.com/leakscan/lab/internal/telemetry.Mount.WrapHandler.func1",
                "/root/go/pkg/mod/github.com/labstack/echo/v4@v4.16.0/echo.go", 957))).isEmpty();
    }

    @Test
    void theMostCommonRootWins() {
        assertThat(GoSourcePaths.deriveRoot(List.of(
                new Frame("github.com/acme/shop/api.a", "/b/shop/api/a.go", 1),
                new Frame("github.com/acme/shop/api.b", "/b/shop/api/b.go", 1),
                new Frame("github.com/acme/shop/store.c", "/elsewhere/store/c.go", 1)))).contains("/b/shop");
    }

    @Test
    void locateFallsBackToCmdLayoutThenAbsoluteFileUri() {
        ScanReport noStacks = ReportFixtures.clean("s", Instant.parse("2026-01-01T00:00:00Z"));
        GoSourcePaths derived = GoSourcePaths.forReport(noStacks, ReportOptions.defaults());
        assertThat(derived.root()).isEmpty();
        assertThat(derived.locate(new Frame("main.f", "/src/lab/cmd/app/server.go", 31)).orElseThrow())
                .isEqualTo(new GoSourcePaths.SourceFile("cmd/app/server.go", true, 31));
        GoSourcePaths.SourceFile abs = derived.locate(new Frame("main.f", "/opt/my app/server.go", 7)).orElseThrow();
        assertThat(abs.relative()).isFalse();
        assertThat(abs.uri()).isEqualTo("file:///opt/my%20app/server.go");
        assertThat(abs.display()).isEqualTo("/opt/my app/server.go:7");

        GoSourcePaths configured = GoSourcePaths.forReport(noStacks, new ReportOptions("/src/lab/", null));
        assertThat(configured.locate(new Frame("main.f", "/src/lab/cmd/app/server.go", 31)).orElseThrow().uri())
                .isEqualTo("cmd/app/server.go");
        assertThat(configured.locate(new Frame("main.f", "C:\\src\\lab\\cmd\\app\\server.go", 31))).isPresent();
    }

    /** A repository with more than one module: code scanning needs paths from the repository's root. */
    @Test
    void aModuleFolderInsideTheRepositoryGoesBeforeEveryModuleRelativePath() {
        ScanReport noStacks = ReportFixtures.clean("s", Instant.parse("2026-01-01T00:00:00Z"));
        GoSourcePaths cmdLayout = GoSourcePaths.forReport(noStacks, ReportOptions.defaults()
                .withModuleDir("./services/orders/"));
        GoSourcePaths.SourceFile main = cmdLayout.locate(new Frame("main.f", "/src/lab/cmd/app/server.go", 31))
                .orElseThrow();
        assertThat(main).isEqualTo(new GoSourcePaths.SourceFile("services/orders/cmd/app/server.go", true, 31));
        assertThat(main.display()).isEqualTo("services/orders/cmd/app/server.go:31");

        GoSourcePaths configured = GoSourcePaths.forReport(noStacks,
                new ReportOptions("/build", null, "services/orders"));
        assertThat(configured.locate(new Frame("example.com/orders/api.(*S).Notify", "/build/api/notify.go", 9))
                .orElseThrow().uri()).isEqualTo("services/orders/api/notify.go");
        assertThat(configured.locate(new Frame("main.f", "/elsewhere/x.go", 2)).orElseThrow().uri())
                .as("outside the module root: still the absolute path, never prefixed")
                .isEqualTo("file:///elsewhere/x.go");
        assertThat(configured.locate(new Frame("net/http.(*conn).serve", "/usr/go/src/net/http/server.go", 1)))
                .isEmpty();
    }

    @Test
    void aModuleFolderIsNormalizedAndOneThatLeavesTheRepositoryIsRefused() {
        assertThat(ReportOptions.defaults().withModuleDir(".").moduleDir()).isNull();
        assertThat(ReportOptions.defaults().withModuleDir(" ").moduleDir()).isNull();
        assertThat(ReportOptions.defaults().withModuleDir("a//b\\c/./").moduleDir()).isEqualTo("a/b/c");
        assertThatThrownBy(() -> ReportOptions.defaults().withModuleDir("../other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no '..'");
        assertThatThrownBy(() -> ReportOptions.defaults().withModuleDir("/abs/path"))
                .hasMessageContaining("not absolute");
        assertThatThrownBy(() -> ReportOptions.defaults().withModuleDir("C:/x")).hasMessageContaining("not absolute");
        assertThatThrownBy(() -> ReportOptions.defaults().withModuleDir("a/b c"))
                .hasMessageContaining("'b c'");
    }
}
