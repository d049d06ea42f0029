package io.leakscan;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries hold for the application's classes ({@link ModuleRules}), and each rule fails on the
 * fixture under {@code io.leakscan.modulefixture}, which crosses every boundary once.
 */
class ModuleBoundariesTest {

    private static final ModuleRules RULES = new ModuleRules("io.leakscan");
    /** The service's classes and the engine's and CLI's beside them; not the engine's test jar (lab, faults). */
    private static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.leakscan");

    /** Every module's main sources; a package may span modules (io.leakscan itself does). */
    private static final List<String> MODULES = List.of("engine", "cli", "service");

    static Stream<Named<ArchRule>> rules() {
        return Stream.of(
                Named.of("the engine is free of the server web stack", RULES.engineIsFreeOfTheServerWebStack()),
                Named.of("the engine is free of the database", RULES.engineIsFreeOfTheDatabase()),
                Named.of("the engine does not know its adapters", RULES.engineDoesNotKnowItsAdapters()),
                Named.of("analysis does not depend on probe", RULES.analysisDoesNotDependOnProbe()),
                Named.of("no cycles between modules", RULES.noCyclesBetweenModules()),
                Named.of("no cycles between packages", RULES.noCyclesBetweenPackages()));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void theApplicationKeeps(ArchRule rule) {
        rule.check(APPLICATION);
    }

    @Test
    void theApplicationWasImported() {
        assertThat(APPLICATION.contain(LeakscanApplication.class)).isTrue();
        assertThat(APPLICATION.containPackage("io.leakscan.engine")).as("the engine module's classes").isTrue();
        assertThat(APPLICATION.containPackage("io.leakscan.modulefixture"))
                .as("test classes stay out of the application's check").isFalse();
    }

    /** A newcomer finds the room for a change from the package names and their one-sentence package-info. */
    @Test
    void everyPackageSaysWhatItOwns() throws IOException {
        List<Path> roots = MODULES.stream().map(m -> Repo.path(m, "src", "main", "java")).toList();
        assertThat(packagesWithoutInfo(roots)).isEmpty();
    }

    /** The README's map names every top-level package under the module that holds it, so it cannot drift. */
    @Test
    void theReadmeMapsEveryPackageToItsModule() throws IOException {
        String readme = Files.readString(Repo.path("README.md"));
        String map = readme.substring(readme.indexOf("One line per package"), readme.indexOf("Persistence is"));
        for (String module : MODULES) {
            int from = map.indexOf("In `" + module + "/`");
            assertThat(from).as("the README's map has a part for " + module + "/").isNotNegative();
            int next = map.indexOf("In `", from + 1);
            String part = map.substring(from, next < 0 ? map.length() : next);
            try (Stream<Path> dirs = Files.list(Repo.path(module, "src", "main", "java", "io", "leakscan"))) {
                List<String> packages = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
                assertThat(packages).as(module + "/'s packages").isNotEmpty()
                        .allSatisfy(pkg -> assertThat(part).as("README, the part for " + module + "/")
                                .contains("`" + pkg + "`"));
            }
        }
    }

    @Test
    void aPackageWithoutPackageInfoIsFound(@TempDir Path sources) throws IOException {
        Files.createDirectories(sources.resolve("io/leakscan/owned"));
        Files.writeString(sources.resolve("io/leakscan/owned/package-info.java"), "package io.leakscan.owned;");
        Files.writeString(sources.resolve("io/leakscan/owned/A.java"), "package io.leakscan.owned; class A {}");
        Files.createDirectories(sources.resolve("io/leakscan/owned/bare"));
        Files.writeString(sources.resolve("io/leakscan/owned/bare/B.java"),
                "package io.leakscan.owned.bare; class B {}");

        assertThat(packagesWithoutInfo(List.of(sources))).containsExactly("io.leakscan.owned.bare");
    }

    /** The packages that hold Java classes under one of {@code roots} but have a package-info.java under none. */
    private static List<String> packagesWithoutInfo(List<Path> roots) throws IOException {
        Set<String> withClasses = new TreeSet<>();
        Set<String> withInfo = new HashSet<>();
        for (Path sources : roots) {
            assertThat(sources).isDirectory();
            try (Stream<Path> dirs = Files.walk(sources)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    String pkg = sources.relativize(d).toString().replace(d.getFileSystem().getSeparator(), ".");
                    if (holdsClasses(d)) {
                        withClasses.add(pkg);
                    }
                    if (Files.exists(d.resolve("package-info.java"))) {
                        withInfo.add(pkg);
                    }
                }
            }
        }
        withClasses.removeAll(withInfo);
        return List.copyOf(withClasses);
    }

    private static boolean holdsClasses(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    @Nested
    class EachRuleFailsWhenItsBoundaryIsCrossed {

        private static final String FIXTURE = "io.leakscan.modulefixture";
        private static final ModuleRules FIXTURE_RULES = new ModuleRules(FIXTURE);
        private static final JavaClasses BREACHES = new ClassFileImporter().importPackages(FIXTURE);

        @Test
        void servletInTheEngine() {
            assertThat(violations(FIXTURE_RULES.engineIsFreeOfTheServerWebStack()))
                    .allSatisfy(v -> assertThat(v).contains(FIXTURE + ".probe.ServletProbe")
                            .contains("jakarta.servlet.http.HttpServletRequest"))
                    .as("WebClient is allowed").noneSatisfy(v -> assertThat(v).contains("WebClientProbe"));
        }

        @Test
        void theDatabaseInTheEngine() {
            assertThat(violations(FIXTURE_RULES.engineIsFreeOfTheDatabase()))
                    .anySatisfy(v -> assertThat(v).contains(FIXTURE + ".engine.JdbcEngine")
                            .contains("org.springframework.jdbc.core.simple.JdbcClient"))
                    .anySatisfy(v -> assertThat(v).contains(FIXTURE + ".telemetry.parse.Parser")
                            .contains("org.flywaydb"));
        }

        @Test
        void theServiceInTheEngine() {
            assertThat(violations(FIXTURE_RULES.engineDoesNotKnowItsAdapters()))
                    .as("adapters may use each other").allSatisfy(v -> assertThat(v)
                            .contains(FIXTURE + ".report.ScanAwareReport").contains(FIXTURE + ".scan.Job"));
        }

        @Test
        void analysisOnProbe() {
            assertThat(violations(FIXTURE_RULES.analysisDoesNotDependOnProbe()))
                    .isNotEmpty()
                    .allSatisfy(v -> assertThat(v).contains(FIXTURE + ".analysis.Detector")
                            .contains(FIXTURE + ".probe.Round"));
        }

        @Test
        void aCycleBetweenModules() {
            List<String> cycles = violations(FIXTURE_RULES.noCyclesBetweenModules());
            assertThat(cycles).hasSize(1);
            assertThat(cycles.getFirst()).contains("module scan").contains("module webhook")
                    .doesNotContain("telemetry");
        }

        @Test
        void aCycleBetweenAPackageAndItsSubPackage() {
            assertThat(violations(FIXTURE_RULES.noCyclesBetweenPackages()))
                    .anySatisfy(v -> assertThat(v).contains("package telemetry ").contains("package telemetry.parse"))
                    .anySatisfy(v -> assertThat(v).contains("package scan").contains("package webhook"));
        }

        private static List<String> violations(ArchRule rule) {
            EvaluationResult result = rule.evaluate(BREACHES);
            assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
            return result.getFailureReport().getDetails();
        }
    }
}
