package io.leakscan.lab;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running lab app (a Go binary from {@code lab/cmd/<name>}). Obtain one from {@link LabApps#start(String)} or
 * {@link LabAppExtension}; {@link #stop()} it when done.
 */
public final class LabApp implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(10);

    private final String name;
    private final URI baseUrl;
    private final URI adminUrl;
    private final Process process;
    private final BoundedLog log;

    LabApp(String name, URI baseUrl, URI adminUrl, Process process, BoundedLog log) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.adminUrl = adminUrl;
        this.process = process;
        this.log = log;
    }

    /** The app's folder name under {@code lab/cmd}. */
    public String name() {
        return name;
    }

    /** Where the app listens, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Where the app's separate admin listener (telemetry only) listens, e.g. {@code http://127.0.0.1:41235}, for
     * apps that announce one ({@code admin on http://HOST:PORT}, the catalog's {@code telemetryBaseUrl: "admin"}).
     */
    public Optional<URI> adminUrl() {
        return Optional.ofNullable(adminUrl);
    }

    /** {@link #baseUrl()} resolved against a path such as {@code /users/42}. */
    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** The app's process, e.g. to assert it is gone after {@link #stop()}. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** The most recent stdout and stderr lines after the address line, for diagnostics. */
    public String output() {
        return log.text();
    }

    /**
     * Stops the app: SIGTERM (graceful shutdown), then, if it has not exited within 10 s, SIGKILL for it and every
     * process it started. Safe to call more than once.
     */
    public void stop() {
        List<ProcessHandle> descendants = process.descendants().toList(); // before the parent dies and they reparent
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + " at " + baseUrl + (adminUrl == null ? "" : " (admin " + adminUrl + ")");
    }
}
