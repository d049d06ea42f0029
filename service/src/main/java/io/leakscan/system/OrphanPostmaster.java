package io.leakscan.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A postmaster that a killed Leakscan left running on its embedded data directory. pg_ctl starts it detached, so a
 * {@code kill -9} of the JVM leaves it up, holding {@code postmaster.pid}, and the next start would fail on "lock file
 * already exists". Call this only while holding the {@link DataDirectoryLock}: then no live Leakscan owns that
 * postmaster, and it is stopped. A process is signalled only when it is proven to be a postgres of this very data
 * directory, run by this user; anything else is left alone.
 */
final class OrphanPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanPostmaster.class);

    private final ProcessHandle process;

    private OrphanPostmaster(ProcessHandle process) {
        this.process = process;
    }

    /** The live postmaster of {@code dataDirectory} named by its {@code postmaster.pid}, if there is one. */
    static Optional<OrphanPostmaster> find(Path dataDirectory) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        // line 1 is the postmaster's pid, line 2 its data directory (PostgreSQL's miscadmin.h, LOCK_FILE_LINE_*)
        if (lines.size() < 2 || !lines.getFirst().strip().matches("[1-9][0-9]{0,9}")) {
            return Optional.empty(); // half-written or foreign: postgres itself judges it on start
        }
        long pid = Long.parseLong(lines.getFirst().strip());
        if (pid == ProcessHandle.current().pid() || !sameDirectory(Path.of(lines.get(1).strip()), dataDirectory)) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> isPostgresOf(p.info(), dataDirectory))
                .map(OrphanPostmaster::new);
    }

    /** The process is a postgres binary, run by our user, whose {@code -D} (when visible) names our directory. */
    static boolean isPostgresOf(ProcessHandle.Info info, Path dataDirectory) {
        Optional<String> command = info.command();
        if (command.isEmpty()) {
            return false;
        }
        String name = Path.of(command.get()).getFileName().toString();
        if (!name.equals("postgres") && !name.equals("postmaster")) {
            return false;
        }
        Optional<String> me = ProcessHandle.current().info().user();
        if (me.isEmpty() || !me.equals(info.user())) {
            return false;
        }
        String[] args = info.arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-D")) {
                return sameDirectory(Path.of(args[i + 1]), dataDirectory);
            }
        }
        return true; // no -D on the command line: the pid file's data directory (checked) is the proof
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * SIGTERM (PostgreSQL's smart shutdown: the killed service's sessions are gone already), then SIGKILL when it has
     * not exited within {@code grace}. Returns when the process is gone, or throws when even SIGKILL did not end it.
     */
    void stop(Duration grace) {
        log.warn("Stopping the embedded PostgreSQL (pid {}) that a previous Leakscan left running on its data directory",
                process.pid());
        CompletableFuture<ProcessHandle> exited = process.onExit();
        process.destroy();
        if (awaitExit(exited, grace)) {
            return;
        }
        log.warn("PostgreSQL pid {} did not stop within {}; killing it", process.pid(), grace);
        process.destroyForcibly();
        if (!awaitExit(exited, Duration.ofSeconds(10))) {
            throw new IllegalStateException("Could not stop PostgreSQL pid " + process.pid()
                    + " left running on the embedded data directory; stop it by hand and start again.");
        }
    }

    private static boolean awaitExit(CompletableFuture<ProcessHandle> exited, Duration within) {
        try {
            exited.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
