package io.leakscan.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The service's embedded-PostgreSQL start in a process of its own, for {@link EmbeddedPostgresKillRecoveryIT}: it
 * locks the data directory and starts PostgreSQL exactly as the service does, prints {@code READY <port>}, and runs
 * until its stdin closes or it is killed.
 */
final class EmbeddedPostgresChild {

    private EmbeddedPostgresChild() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        try (DataDirectoryLock lock = EmbeddedPostgresConfiguration.lockDataDirectory(dir);
             EmbeddedPostgres postgres = EmbeddedPostgresConfiguration.startOn(dir, 0)) {
            System.out.println("READY " + postgres.getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // the parent ends us by closing stdin, or by SIGKILL in the test
            }
        }
    }
}
