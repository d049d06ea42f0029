package io.leakscan.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process a fault test started (a receiver, a target, a service): its output lines as they come, and SIGKILL by its
 * own pid. Closing it kills it too, so a failed test leaves nothing running.
 */
public final class OsProcess implements AutoCloseable {

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private OsProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // killed: its output ends here
            }
        });
    }

    /** Starts {@code command} with stderr folded into stdout. */
    public static OsProcess start(List<String> command) throws IOException {
        return new OsProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Starts {@code mainClass} in a JVM of its own on this test's class path. */
    public static OsProcess java(Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return start(command);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The next output line starting with {@code prefix} within {@code within}; other lines are kept for errors. */
    public String awaitLine(String prefix, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!process.isAlive() && lines.isEmpty()) {
                    break;
                }
                continue;
            }
            synchronized (seen) {
                seen.add(line);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' from pid " + pid() + " within " + within
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; it printed:\n"
                + String.join("\n", output()));
    }

    /** Lines that arrived and were not consumed yet, without waiting. */
    public List<String> drain() {
        List<String> out = new ArrayList<>();
        lines.drainTo(out);
        synchronized (seen) {
            seen.addAll(out);
        }
        return out;
    }

    /** Everything printed so far that was read. */
    public List<String> output() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** SIGKILL by pid, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("pid " + pid() + " did not die within 10 s of SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
