package io.leakscan.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds and starts the Go lab apps under {@code lab/cmd}, and those under {@code lab/go127/cmd} (a nested module
 * that needs Go 1.27: built with {@code GOTOOLCHAIN=}{@value #GO127_TOOLCHAIN}, which the go command fetches from the
 * module proxy). Each app is built once per JVM with
 * {@code go build -o target/lab-bin/<name> ./cmd/<name>} (again if the binary has gone missing), started with
 * {@code -addr 127.0.0.1:0}, and its address read from its first stdout line,
 * {@code listening on http://HOST:PORT}. An app with a separate admin listener (left on its default
 * {@code -admin-addr 127.0.0.1:0}) prints {@code admin on http://HOST:PORT} as its second line, in the same write as
 * the first, so the second line is already buffered when the first has been read.
 */
public final class LabApps {

    static final Duration STARTUP_DEADLINE = Duration.ofSeconds(15);
    private static final Duration BUILD_DEADLINE = Duration.ofMinutes(5);
    private static final Pattern LISTENING = Pattern.compile("^listening on (http://\\S+)$");
    private static final Pattern ADMIN = Pattern.compile("^admin on (http://\\S+)$");
    private static final Pattern GO_VERSION = Pattern.compile("go(\\d+)\\.(\\d+)");
    private static final String NEED_GO = "Go >= 1.25 is required to build lab apps: install Go from "
            + "https://go.dev/dl/ and put `go` on the PATH";

    /** The toolchain the lab/go127 module is built with; the README and .ci/run export the same. */
    static final String GO127_TOOLCHAIN = "go1.27.3";

    private static final Set<String> BUILT = ConcurrentHashMap.newKeySet();
    private static volatile boolean goChecked;

    private LabApps() {
    }

    /** Builds (if needed) and starts the app in {@code lab/cmd/<name>}, returning once it listens. */
    public static LabApp start(String name) {
        Path root = Repo.root();
        Path lab = root.resolve("lab");
        Path binary = build(name, root, lab);
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-addr", "127.0.0.1:0").directory(lab.toFile());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start lab app " + name + " (" + binary + ")", e);
        }
        BoundedLog log = new BoundedLog();
        CompletableFuture<Announcement> announced = new CompletableFuture<>();
        drain(name + "-stdout", process.getInputStream(), log, announced);
        drain(name + "-stderr", process.getErrorStream(), log, null);
        Announcement announcement;
        try {
            announcement = announced.get(STARTUP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("lab app " + name + " did not print its address within "
                    + STARTUP_DEADLINE.toSeconds() + " s; output:\n" + log.text(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting lab app " + name, e);
        }
        String line = announcement.first();
        Matcher m = line == null ? null : LISTENING.matcher(line);
        if (m == null || !m.matches()) {
            process.destroyForcibly();
            throw new IllegalStateException("lab app " + name + " printed " + (line == null ? "nothing" : "'" + line
                    + "'") + " instead of 'listening on http://HOST:PORT'; output:\n" + log.text());
        }
        return new LabApp(name, URI.create(m.group(1)), announcement.adminUrl(), process, log);
    }

    /** The address lines: the first stdout line, and the admin listener's URL when the second line names one. */
    private record Announcement(String first, URI adminUrl) {
    }

    private static Path build(String name, Path root, Path lab) {
        Path go127 = lab.resolve("go127");
        Path module = Files.isDirectory(lab.resolve("cmd").resolve(name)) ? lab
                : Files.isDirectory(go127.resolve("cmd").resolve(name)) ? go127 : null;
        if (module == null) {
            throw new IllegalArgumentException("no lab app called " + name + " (no folder lab/cmd/" + name
                    + " or lab/go127/cmd/" + name + ")");
        }
        // only the nested module needs Go 1.27; the other apps keep the Go on the PATH their figures were measured on
        Map<String, String> env = module.equals(go127) ? Map.of("GOTOOLCHAIN", GO127_TOOLCHAIN) : Map.of();
        Path binary = root.resolve("target").resolve("lab-bin").resolve(name);
        synchronized (BUILT) {
            if (BUILT.contains(name) && Files.isExecutable(binary)) {
                return binary;
            }
            checkGo(lab);
            run(module, BUILD_DEADLINE, env, "go", "build", "-o", binary.toString(), "./cmd/" + name);
            BUILT.add(name);
            return binary;
        }
    }

    private static void checkGo(Path lab) {
        if (goChecked) {
            return;
        }
        String version;
        try {
            version = run(lab, Duration.ofSeconds(30), Map.of(), "go", "version");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(NEED_GO + " (`go version` failed: " + e.getMessage() + ")", e);
        }
        Matcher m = GO_VERSION.matcher(version);
        if (!m.find()) {
            throw new IllegalStateException(NEED_GO + " (cannot read the version in '" + version.strip() + "')");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 1 || (major == 1 && minor < 25)) {
            throw new IllegalStateException(NEED_GO + " (found " + version.strip() + ")");
        }
        goChecked = true;
    }

    /** Runs a command to completion and returns its combined output; fails with that output otherwise. */
    private static String run(Path dir, Duration deadline, Map<String, String> env, String... command) {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + deadline);
            }
            String output = out.get(10, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue()
                        + "):\n" + output);
            }
            return output;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + String.join(" ", command), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a stream to its end on a daemon thread. With {@code announced}, the first line, and the second when it
     * is already buffered and is an {@code admin on} line, complete it; every other line goes to log.
     */
    private static void drain(String threadName, InputStream in, BoundedLog log,
                              CompletableFuture<Announcement> announced) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (announced != null && !announced.isDone()) {
                        URI admin = null;
                        if (r.ready()) { // the apps write both address lines at once: no wait for a second line
                            String second = r.readLine();
                            Matcher m = second == null ? null : ADMIN.matcher(second);
                            if (m != null && m.matches()) {
                                admin = URI.create(m.group(1));
                            } else if (second != null) {
                                log.add(second);
                            }
                        }
                        announced.complete(new Announcement(line, admin));
                    } else {
                        log.add(line);
                    }
                }
            } catch (IOException e) {
                log.add("[" + threadName + " closed: " + e.getMessage() + "]");
            } finally {
                if (announced != null) {
                    announced.complete(new Announcement(null, null)); // the process ended without printing anything
                }
            }
        }, "lab-" + threadName);
        t.setDaemon(true);
        t.start();
    }
}
