package io.leakscan;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import java.time.Clock;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./mvnw test} stays an inner loop: a service {@code *Test} that boots the application does it on the one
 * {@link SharedServiceContext}, unchanged. Other properties, imports or mocked beans would make Spring start another
 * context with another embedded PostgreSQL (3 to 8 s each on two cores, 23 of them made the unit run 3 min 48 s);
 * such a test is an {@code *IT}.
 */
class InnerLoopTest {

    private static final JavaClasses TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("io.leakscan");

    /** Classes that run as {@code *Test} (or {@code *Tests}) in Surefire, with their nested classes. */
    private static final DescribedPredicate<JavaClass> UNIT_TESTS = DescribedPredicate.describe(
            "in a *Test class", c -> {
                String name = outermost(c).getSimpleName();
                return (name.endsWith("Test") || name.endsWith("Tests"))
                        && !outermost(c).isEquivalentTo(InnerLoopTest.class);
            });

    private static final DescribedPredicate<JavaClass> BREACHES = DescribedPredicate.describe(
            "in InnerLoopTest.Breaches",
            c -> c.getEnclosingClass().filter(e -> e.isEquivalentTo(Breaches.class)).isPresent());

    static ArchRule oneContext(DescribedPredicate<JavaClass> tests) {
        DescribedPredicate<JavaClass> booting = tests.and(DescribedPredicate.describe("boot the application",
                c -> c.isMetaAnnotatedWith(SpringBootTest.class)));
        return CompositeArchRule
                .of(noClasses().that(tests).should().beAnnotatedWith(SpringBootTest.class)
                        .because("@SharedServiceContext is the unit tests' one @SpringBootTest"))
                .and(classes().that(booting).should().beAnnotatedWith(SharedServiceContext.class)
                        .andShould().notBeAnnotatedWith(TestPropertySource.class)
                        .andShould().notBeAnnotatedWith(Import.class)
                        .andShould().notBeAnnotatedWith(ContextConfiguration.class)
                        .andShould().notBeAnnotatedWith(DirtiesContext.class)
                        .because("anything else is another context, another PostgreSQL: make the test an *IT"))
                .and(noFields().that().areDeclaredInClassesThat(booting).should().beAnnotatedWith(MockitoBean.class)
                        .orShould().beAnnotatedWith(MockitoSpyBean.class)
                        .because("a mocked bean is another context: make the test an *IT"));
    }

    @Test
    void theServicesUnitTestsBootOnlyTheSharedContext() {
        assertThat(TESTS.contain("io.leakscan.scan.ScanQueueTest")).as("the service's tests were imported").isTrue();
        oneContext(UNIT_TESTS).check(TESTS);
    }

    @Test
    void eachWayToAnotherContextIsFound() {
        EvaluationResult result = oneContext(BREACHES).evaluate(TESTS);
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertThat(report).contains(named(Breaches.OwnContext.class), named(Breaches.OtherProperties.class),
                named(Breaches.MockedBean.class)).doesNotContain(named(Breaches.Shared.class));
    }

    private static String named(Class<?> c) {
        return "<" + c.getName();
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass out = c;
        while (out.getEnclosingClass().isPresent()) {
            out = out.getEnclosingClass().get();
        }
        return out;
    }

    /** Unit tests the rule must refuse (and one it must not); nested, so Surefire never runs them. */
    static final class Breaches {

        @SpringBootTest
        static class OwnContext {
        }

        @SharedServiceContext
        @TestPropertySource(properties = "leakscan.worker.enabled=true")
        static class OtherProperties {
        }

        @SharedServiceContext
        static class MockedBean {
            @MockitoBean
            Clock clock;
        }

        @SharedServiceContext
        static class Shared {
        }
    }
}
