package io.leakscan.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * At start-up, seals with the current key every stored secret that is still plain text or sealed with an older key,
 * so a rotation ends with all rows under the new key and the old one can be dropped from the configuration. Each row
 * is replaced only if it still holds the value read, so nodes starting together do not overwrite a newer secret.
 * A row no configured key opens stops the start-up with the key's id.
 */
@Component
public class SecretReseal implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecretReseal.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final List<SealedColumn> columns;

    SecretReseal(JdbcClient jdbc, SecretCipher cipher, List<SealedColumn> columns) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.columns = columns;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!cipher.sealing()) {
            return;
        }
        int total = resealAll();
        if (total > 0) {
            log.info("Re-sealed {} stored secret(s) with the current key", total);
        }
    }

    /** @return how many values were re-sealed */
    public int resealAll() {
        int total = 0;
        for (SealedColumn c : columns) {
            total += reseal(c);
        }
        return total;
    }

    private record Row(String id, String value) {
    }

    private int reseal(SealedColumn c) {
        int done = 0;
        String after = "";
        while (true) {
            // keyset pages over the id's text form: every row is looked at once even when some need no change
            List<Row> rows = jdbc.sql("SELECT " + c.idColumn() + "::text AS id, " + c.column() + " AS value FROM "
                            + c.table() + " WHERE " + c.column() + " IS NOT NULL AND " + c.idColumn()
                            + "::text > :after ORDER BY " + c.idColumn() + "::text LIMIT " + BATCH)
                    .param("after", after)
                    .query((rs, n) -> new Row(rs.getString("id"), rs.getString("value"))).list();
            if (rows.isEmpty()) {
                return done;
            }
            for (Row row : rows) {
                if (cipher.needsReseal(row.value())) {
                    String sealed = cipher.seal(cipher.open(row.value()));
                    done += jdbc.sql("UPDATE " + c.table() + " SET " + c.column() + " = :sealed WHERE "
                                    + c.idColumn() + " = CAST(:id AS uuid) AND " + c.column() + " = :old")
                            .param("sealed", sealed).param("id", row.id()).param("old", row.value()).update();
                }
            }
            after = rows.getLast().id();
        }
    }
}
