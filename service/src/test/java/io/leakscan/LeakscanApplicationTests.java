package io.leakscan;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SharedServiceContext
class LeakscanApplicationTests {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void startsOnEmbeddedPostgres17() {
        String version = jdbc.queryForObject("show server_version", String.class);
        assertThat(version).startsWith("17.");
    }
}
