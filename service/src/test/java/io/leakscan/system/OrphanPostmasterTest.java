package io.leakscan.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a proven postgres of our own data directory is ever a candidate for a signal. */
class OrphanPostmasterTest {

    @TempDir
    Path dir;

    @Test
    void noPidFileMeansNoOrphan() throws Exception {
        assertThat(OrphanPostmaster.find(dir)).isEmpty();
    }

    @Test
    void aLiveProcessThatIsNotPostgresIsNeverAnOrphan() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(dir.resolve("postmaster.pid"), sleeper.pid() + "\n" + dir + "\n1733400000\n5432\n");
            assertThat(OrphanPostmaster.find(dir)).isEmpty();
            assertThat(sleeper.isAlive()).isTrue();
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPidFileOfAnotherDirectoryOrADeadPidOrGarbageIsLeftToPostgres() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(dir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + other + "\n");
        assertThat(OrphanPostmaster.find(dir)).isEmpty();
        Process done = new ProcessBuilder("true").start();
        done.waitFor(5, TimeUnit.SECONDS);
        Files.writeString(dir.resolve("postmaster.pid"), done.pid() + "\n" + dir + "\n");
        assertThat(OrphanPostmaster.find(dir)).isEmpty();
        Files.writeString(dir.resolve("postmaster.pid"), "not a pid\n" + dir + "\n");
        assertThat(OrphanPostmaster.find(dir)).isEmpty();
    }

    @Test
    void theCurrentJvmIsNotAPostgres() {
        assertThat(OrphanPostmaster.isPostgresOf(ProcessHandle.current().info(), dir)).isFalse();
    }
}
