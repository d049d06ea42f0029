package io.leakscan.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts an embedded PostgreSQL 17 when the user configured no database, so {@code ./mvnw spring-boot:run} and the
 * tests need nothing installed. A configured {@code spring.datasource.url} or a Testcontainers
 * {@code @ServiceConnection} takes precedence. A persistent data directory is locked for the life of the process,
 * and a postmaster a killed predecessor left running on it is stopped before the start (see {@link OrphanPostmaster}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceConfiguredCondition.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);
    /** PostgreSQL's smart shutdown of an idle cluster takes well under a second; a checkpoint can take longer. */
    static final Duration ORPHAN_STOP_GRACE = Duration.ofSeconds(30);

    /**
     * Held until the context closes, after the database has stopped (the database bean depends on it). None for a
     * throw-away directory, which no other process can know.
     */
    @Bean(destroyMethod = "close")
    @Nullable
    DataDirectoryLock embeddedPostgresLock(EmbeddedPostgresProperties properties) throws IOException {
        return properties.persistent() ? lockDataDirectory(dataDirectory(properties)) : null;
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties, @Nullable DataDirectoryLock lock)
            throws IOException {
        if (!properties.persistent()) {
            return builder(properties.port()).start();
        }
        Path dir = dataDirectory(properties);
        log.info("Embedded PostgreSQL keeps its data in {}", dir);
        return startOn(dir, properties.port());
    }

    static Path dataDirectory(EmbeddedPostgresProperties properties) {
        return Path.of(properties.dataDirectory()).toAbsolutePath().normalize();
    }

    static DataDirectoryLock lockDataDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        return DataDirectoryLock.acquire(dir);
    }

    /**
     * Starts PostgreSQL on a data directory whose {@link DataDirectoryLock} the caller holds, first stopping a
     * postmaster that a killed Leakscan left running there (else start fails on its postmaster.pid).
     */
    static EmbeddedPostgres startOn(Path dir, int port) throws IOException {
        Optional<OrphanPostmaster> orphan = OrphanPostmaster.find(dir);
        if (orphan.isPresent()) {
            orphan.get().stop(ORPHAN_STOP_GRACE);
        }
        return builder(port).setDataDirectory(dir.toFile()).setCleanDataDirectory(false).start();
    }

    private static EmbeddedPostgres.Builder builder(int port) {
        return EmbeddedPostgres.builder().setPort(port).setPGStartupWait(Duration.ofSeconds(60));
    }

    @Bean
    @ConditionalOnMissingBean(JdbcConnectionDetails.class)
    JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgres postgres) {
        String url = postgres.getJdbcUrl("postgres", "postgres");
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return "";
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }
}
