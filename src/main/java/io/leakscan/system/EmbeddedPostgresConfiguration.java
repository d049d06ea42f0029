package io.leakscan.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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

/**
 * Starts an embedded PostgreSQL 17 when the user configured no database, so {@code ./mvnw spring-boot:run} and the
 * tests need nothing installed. A configured {@code spring.datasource.url} or a Testcontainers
 * {@code @ServiceConnection} takes precedence.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceConfiguredCondition.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(properties.port())
                .setPGStartupWait(Duration.ofSeconds(60));
        if (properties.persistent()) {
            Path dir = Path.of(properties.dataDirectory()).toAbsolutePath().normalize();
            Files.createDirectories(dir);
            builder.setDataDirectory(dir.toFile()).setCleanDataDirectory(false);
            log.info("Embedded PostgreSQL keeps its data in {}", dir);
        }
        return builder.start();
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
