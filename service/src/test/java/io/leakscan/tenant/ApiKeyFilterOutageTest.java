package io.leakscan.tenant;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The API key check while the database is away: a 503 problem+json written by the filter itself, and one log line
 * per {@link RefusalLog#EVERY} instead of the container's stack trace for every call (4,346 stack-trace lines for 53
 * calls in bench/fault-db-outage.sh).
 */
class ApiKeyFilterOutageTest {

    final SettableClock clock = new SettableClock(Instant.parse("2026-12-06T02:00:00Z"));
    final ApiKeys keys = mock(ApiKeys.class);
    final ApiKeyFilter filter = new ApiKeyFilter(keys, clock);
    final Logger logger = (Logger) LoggerFactory.getLogger(ApiKeyFilter.class);
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
        when(keys.resolve(any())).thenThrow(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new java.sql.SQLTransientConnectionException("HikariPool-1 - Connection is not available")));
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    MockHttpServletResponse call() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/scans");
        request.addHeader("Authorization", "Bearer lsk_some_tenant_key");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("the call goes no further").isNull();
        return response;
    }

    @Test
    void aRefusedCallIsA503ProblemAndOneLogLineWithoutAStackTrace() throws Exception {
        MockHttpServletResponse response = call();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo("10");
        assertThat(response.getContentAsString()).contains("database-unavailable").contains("/api/v1/scans")
                .doesNotContain("Hikari").doesNotContain("Exception");

        call();
        call();
        assertThat(logged.list).hasSize(1);
        assertThat(logged.list.getFirst().getThrowableProxy()).isNull();
        assertThat(logged.list.getFirst().getFormattedMessage()).contains("GET /api/v1/scans refused with 503")
                .contains("Connection is not available");

        clock.set(clock.instant().plus(RefusalLog.EVERY));
        assertThat(call().getStatus()).isEqualTo(503);
        assertThat(logged.list).hasSize(2);
        assertThat(logged.list.get(1).getFormattedMessage()).contains("and 2 more");
    }
}
