package io.leakscan.scan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * At start-up, seals the header values of stored scan requests (scans and schedules) that are plain text (written before a key was set) or
 * sealed under an older key, so a key rotation ends with every scan under the new key, as for the webhook secrets
 * ({@code SecretReseal}, which moves whole columns, not values inside a JSON request). A row is replaced only if it
 * still holds the request read; a value no configured key opens stops the start-up with the key's id.
 */
@Component
class ScanRequestReseal implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ScanRequestReseal.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final ScanRequestSecrets secrets;

    ScanRequestReseal(JdbcClient jdbc, ScanRequestSecrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public void run(ApplicationArguments args) {
        int done = resealAll();
        if (done > 0) {
            log.info("Re-sealed the header values of {} stored scan request(s) with the current key", done);
        }
    }

    private record Row(UUID id, String request) {
    }

    /** @return how many requests (of scans and schedules) were re-sealed */
    int resealAll() {
        if (!secrets.sealing()) {
            return 0;
        }
        return reseal("scans", "request") + reseal("schedules", "scan");
    }

    /** {@code table} and {@code column} come from code, never from input. */
    private int reseal(String table, String column) {
        int done = 0;
        UUID after = new UUID(0, 0);
        while (true) {
            // only requests with headers can hold a secret; keyset pages over the id
            List<Row> rows = jdbc.sql("SELECT id, " + column + "::text AS request FROM " + table
                            + " WHERE id > :after AND " + column + "::text LIKE '%eaders\": {\"%'"
                            + " ORDER BY id LIMIT :batch")
                    .param("after", after).param("batch", BATCH)
                    .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("request"))).list();
            if (rows.isEmpty()) {
                return done;
            }
            for (Row row : rows) {
                String resealed = secrets.resealed(row.request());
                if (resealed != null) {
                    done += jdbc.sql("UPDATE " + table + " SET " + column + " = CAST(:sealed AS jsonb) "
                                    + "WHERE id = :id AND " + column + "::text = :old")
                            .param("sealed", resealed).param("id", row.id()).param("old", row.request()).update();
                }
            }
            after = rows.getLast().id();
        }
    }
}
