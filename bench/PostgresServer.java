import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A standalone PostgreSQL 17 server from the embedded binaries the service ships (zonky), for the fault benches that
 * need a database outliving every service process: {@code PostgresServer <data directory> <port>} runs initdb when the
 * directory is new, starts the postmaster, prints {@code READY <port> <postmaster pid>} and exits, leaving the server
 * running. The caller stops it by that pid (SIGINT: fast shutdown).
 */
public class PostgresServer {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                .setPort(Integer.parseInt(args[1])).setServerConfig("max_connections", "200").start();
        String pid = Files.readAllLines(Path.of(args[0], "postmaster.pid")).getFirst().strip();
        System.out.println("READY " + pg.getPort() + " " + pid);
        System.out.flush();
        Runtime.getRuntime().halt(0); // no shutdown hook: the server is the caller's from here on
    }
}
