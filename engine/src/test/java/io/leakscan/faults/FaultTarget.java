package io.leakscan.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/faulttarget, a leak-free Echo service with pprof and expvar, as a process of its own: built once per JVM,
 * started on a given loopback port (so a restart comes back where the scan looks), its faults switched through its
 * control listener, and crashed (SIGKILL), frozen (SIGSTOP) and thawed (SIGCONT) by its pid.
 */
public final class FaultTarget implements AutoCloseable {

    private static final Pattern COUNT = Pattern.compile("\"(\\w+)\":(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static volatile Path binary;

    private final OsProcess process;
    private final URI base;
    private final URI control;

    private FaultTarget(OsProcess process, URI base, URI control) {
        this.process = process;
        this.base = base;
        this.control = control;
    }

    /** Starts a fresh target on 127.0.0.1:{@code port} (0: any free port). */
    public static FaultTarget start(int port) throws IOException, InterruptedException {
        OsProcess p = OsProcess.start(List.of(build().toString(), "-addr", "127.0.0.1:" + port));
        try {
            URI base = URI.create(p.awaitLine("listening on ", Duration.ofSeconds(15)).substring(13));
            URI control = URI.create(p.awaitLine("control on ", Duration.ofSeconds(5)).substring(11));
            return new FaultTarget(p, base, control);
        } catch (AssertionError e) {
            p.close();
            throw e;
        }
    }

    public URI baseUrl() {
        return base;
    }

    public int port() {
        return base.getPort();
    }

    public long pid() {
        return process.pid();
    }

    /** Faults on the app routes: {@code ok}, {@code 503} or {@code reset}, for the next {@code n} requests (0: on). */
    public void mode(String mode, int n) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(control.resolve("/mode?m=" + mode
                        + (n > 0 ? "&n=" + n : ""))).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new AssertionError("fault target refused mode " + mode + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** App requests served so far, whatever their fault. */
    public int requests() throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(control.resolve("/count")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        int total = 0;
        for (Matcher m = COUNT.matcher(body); m.find(); ) {
            total += Integer.parseInt(m.group(2));
        }
        return total;
    }

    /** SIGKILL: the target crashes. */
    public void crash() throws InterruptedException {
        process.kill();
    }

    /** SIGSTOP: the process freezes; the kernel still accepts connections, nothing answers them. */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT. */
    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String sig) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", sig, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill " + sig + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.alive()) {
            try {
                thaw(); // a frozen process dies of SIGKILL too, but not before it is scheduled again
            } catch (IOException e) {
                // SIGKILL below still ends it
            }
        }
        process.close();
    }

    /** go build of bench/faulttarget into target/fault-bin, once per JVM. */
    static synchronized Path build() throws IOException, InterruptedException {
        if (binary != null && Files.isExecutable(binary)) {
            return binary;
        }
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("bench/faulttarget/go.mod"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("no bench/faulttarget/go.mod at or above " + System.getProperty("user.dir"));
        }
        Path out = root.resolve("target/fault-bin/faulttarget");
        Process go = new ProcessBuilder("go", "build", "-o", out.toString(), ".")
                .directory(root.resolve("bench/faulttarget").toFile()).redirectErrorStream(true).start();
        String log = new String(go.getInputStream().readAllBytes());
        if (!go.waitFor(5, TimeUnit.MINUTES) || go.exitValue() != 0) {
            throw new IllegalStateException("go build of bench/faulttarget failed (Go >= 1.25 on the PATH?):\n" + log);
        }
        binary = out;
        return out;
    }
}
