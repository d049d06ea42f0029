package io.leakscan;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.leakscan.scan.ScanTestConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "leakscan.scan.engine.enabled=false")
@Import(ScanTestConfiguration.class)
class LeakscanApplicationTests {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void startsOnEmbeddedPostgres17() {
        String version = jdbc.queryForObject("show server_version", String.class);
        assertThat(version).startsWith("17.");
    }
}
