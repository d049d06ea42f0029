package io.leakscan.system;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <dataDir>.lock}, held for as long as this process uses the embedded PostgreSQL's data
 * directory. The operating system drops it when the process dies, however it dies, so holding it proves that no other
 * live Leakscan uses the directory: a postmaster still running there was left behind by a killed one.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock at once or fails with a message naming the directory; never waits. */
    static DataDirectoryLock acquire(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already: a second start in one process is just as wrong
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Another running Leakscan uses the embedded PostgreSQL data directory "
                    + dataDirectory + " (" + file + " is locked). Stop it, or give this one its own directory with "
                    + "LEAKSCAN_EMBEDDEDPOSTGRES_DATADIRECTORY.");
        }
        return new DataDirectoryLock(file, channel, lock);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
