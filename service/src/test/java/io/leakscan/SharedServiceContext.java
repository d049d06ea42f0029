package io.leakscan;

import io.leakscan.scan.ScanTestConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one application context of the service's {@code *Test} classes (Surefire, {@code ./mvnw test}): the whole
 * service on a throw-away embedded PostgreSQL, no worker, MockMvc. Spring starts it once and every class with this
 * annotation reuses it; each context of its own would cost another PostgreSQL and another start, 3 to 8 s on two
 * cores, so a test that needs other settings is an {@code *IT} (Failsafe, {@code ./mvnw verify}). Tests on the shared
 * context see each other's rows: each creates its own tenant, key or scan and looks only at those.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = "leakscan.worker.enabled=false")
@AutoConfigureMockMvc
@Import(ScanTestConfiguration.class)
public @interface SharedServiceContext {
}
