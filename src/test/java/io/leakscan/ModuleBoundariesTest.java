package io.leakscan;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries hold for the application's classes ({@link ModuleRules}), and each rule fails on the
 * fixture under {@code io.leakscan.modulefixture}, which crosses every boundary once.
 */
class ModuleBoundariesTest {

    private static final ModuleRules RULES = new ModuleRules("io.leakscan");
    private static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.leakscan");

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
        assertThat(APPLICATION.containPackage("io.leakscan.modulefixture"))
                .as("test classes stay out of the application's check").isFalse();
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
