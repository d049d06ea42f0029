package io.leakscan;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module boundaries, as rules over the classes under one root package: {@code io.leakscan} for the application,
 * a fixture root with the same module names for the tests that prove each rule can fail.
 */
final class ModuleRules {

    /**
     * The detection engine and what it stands on: the CLI, the service and the tests all call this code, so none of
     * it may need a servlet container, a database or the service's modules. The inventory (endpoints from an API
     * description) and baselines are here too: the CLI resolves and compares them in-process, as the service does.
     */
    static final List<String> ENGINE = List.of("analysis", "engine", "probe", "telemetry", "report", "target",
            "inventory", "baseline");

    /** The adapters around the engine: the service's modules and the CLI. */
    static final List<String> ADAPTERS = List.of("scan", "tenant", "ownership", "schedule", "webhook", "dashboard",
            "system", "cli", "secret");

    private final String root;

    ModuleRules(String root) {
        this.root = root;
    }

    /**
     * Spring MVC and the Servlet API. WebClient (in {@code org.springframework.web.reactive.function.client}) is the
     * one part of Spring's web packages the engine uses: it is how probe and telemetry reach the target, a client
     * that runs as well in the CLI as in the service.
     */
    ArchRule engineIsFreeOfTheServerWebStack() {
        DescribedPredicate<JavaClass> serverWeb = resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
                .and(DescribedPredicate.not(resideInAPackage("org.springframework.web.reactive.function.client..")))
                .as("Spring web (other than WebClient) or the Servlet API");
        return noClasses().that().resideInAnyPackage(packages(ENGINE))
                .should().dependOnClassesThat(serverWeb)
                .because("the engine runs in the CLI too, where there is no servlet container");
    }

    ArchRule engineIsFreeOfTheDatabase() {
        return noClasses().that().resideInAnyPackage(packages(ENGINE))
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..",
                        "org.springframework.data..", "java.sql..", "javax.sql..", "org.springframework.jdbc..",
                        "org.springframework.transaction..", "org.flywaydb..")
                .because("the engine takes plain inputs and returns plain results; the service persists them");
    }

    ArchRule engineDoesNotKnowItsAdapters() {
        return noClasses().that().resideInAnyPackage(packages(ENGINE))
                .should().dependOnClassesThat().resideInAnyPackage(packages(ADAPTERS))
                .because("the service and the CLI call the engine, never the other way round");
    }

    ArchRule analysisDoesNotDependOnProbe() {
        return noClasses().that().resideInAnyPackage(packages(List.of("analysis")))
                .should().dependOnClassesThat().resideInAnyPackage(packages(List.of("probe")))
                .because("analysis judges observations, whoever produced them: recorded scans and synthetic tests "
                        + "feed it without sending traffic");
    }

    ArchRule noCyclesBetweenModules() {
        return slices().matching(root + ".(*)..").namingSlices("module $1").should().beFreeOfCycles()
                .because("a cycle makes two modules one that must be understood and changed together");
    }

    /** Every package is its own slice here, so a parent and its sub-package may not import each other either. */
    ArchRule noCyclesBetweenPackages() {
        return slices().matching(root + ".(**)").namingSlices("package $1").should().beFreeOfCycles()
                .because("a sub-package is a room of its own: it may use its parent or be used by it, not both");
    }

    private String[] packages(List<String> modules) {
        return modules.stream().map(m -> root + "." + m + "..").toArray(String[]::new);
    }
}
