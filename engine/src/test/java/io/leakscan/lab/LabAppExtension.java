package io.leakscan.lab;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one lab app for a test class: started before all tests, stopped after all of them, pass or fail.
 *
 * <pre>{@code
 * @RegisterExtension
 * static LabAppExtension lab = LabAppExtension.of("brief-middleware-leaky");
 *
 * @Test
 * void scans(LabApp app) { ... app.baseUrl() ... }   // or lab.baseUrl()
 * }</pre>
 *
 * Register it on a static field: JUnit only calls the class-level callbacks for static extensions.
 */
public final class LabAppExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final String name;
    private volatile LabApp app;

    private LabAppExtension(String name) {
        this.name = name;
    }

    /** An extension for the app in {@code lab/cmd/<name>}. */
    public static LabAppExtension of(String name) {
        return new LabAppExtension(name);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        app = LabApps.start(name);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LabApp running = app;
        app = null;
        if (running != null) {
            running.stop();
        }
    }

    /** The running app; only between beforeAll and afterAll. */
    public LabApp app() {
        LabApp running = app;
        if (running == null) {
            throw new IllegalStateException("lab app " + name + " is not running: register LabAppExtension on a "
                    + "static field with @RegisterExtension");
        }
        return running;
    }

    /** Shortcut for {@code app().baseUrl()}. */
    public URI baseUrl() {
        return app().baseUrl();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LabApp.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return app();
    }
}
