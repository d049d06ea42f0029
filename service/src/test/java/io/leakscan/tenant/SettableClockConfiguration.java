package io.leakscan.tenant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Instant;

/** The application's clock replaced by a {@link SettableClock} at {@link #T0}, for tests of expiry and windows. */
@TestConfiguration(proxyBeanMethods = false)
public class SettableClockConfiguration {

    public static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    @Bean
    @Primary
    SettableClock settableClock() {
        return new SettableClock(T0);
    }
}
