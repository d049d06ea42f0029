package io.leakscan.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL that serves when no datasource URL is configured.
 *
 * @param dataDirectory where the cluster lives; kept across restarts. Empty means a throw-away directory (tests).
 * @param port          0 picks a free port on every start
 */
@ConfigurationProperties("leakscan.embedded-postgres")
public record EmbeddedPostgresProperties(@DefaultValue("./data/postgres") String dataDirectory,
                                         @DefaultValue("0") int port) {

    public boolean persistent() {
        return dataDirectory != null && !dataDirectory.isBlank();
    }
}
