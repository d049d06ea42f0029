package io.leakscan.scan;

import io.leakscan.engine.ScanEngine;
import io.leakscan.probe.DistressPolicy;
import io.leakscan.target.HttpPreflight;
import io.leakscan.target.Preflight;
import io.leakscan.target.TargetClientOptions;
import io.leakscan.target.TargetPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Wires the engine's {@link HttpPreflight} and {@link ScanEngine} (plain Java, no Spring) into the service with the
 * configured target allow-list and load maxima.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PreflightConfiguration.TargetProperties.class)
class PreflightConfiguration {

    /**
     * Which targets the service may scan and how patiently it talks to them.
     *
     * @param allowLoopback   127.0.0.0/8 and ::1 (self-hosted default)
     * @param allow           host names, *.wildcards, IPs or CIDRs that may be scanned besides loopback
     * @param connectTimeout  TCP connect and TLS handshake limit
     * @param responseTimeout time to the response headers
     */
    @ConfigurationProperties("leakscan.target")
    record TargetProperties(@DefaultValue("true") boolean allowLoopback,
                            @DefaultValue List<String> allow,
                            @DefaultValue("5s") Duration connectTimeout,
                            @DefaultValue("10s") Duration responseTimeout) {
    }

    @Bean
    TargetPolicy targetPolicy(TargetProperties properties) {
        return TargetPolicy.parse(properties.allowLoopback(), properties.allow());
    }

    @Bean
    Preflight preflight(TargetPolicy policy, TargetProperties properties, Clock clock) {
        return new HttpPreflight(policy, clock, preflightOptions(properties));
    }

    /**
     * The engine enforces the server's maxima itself, whatever a scan's stored limits say. Its preflight has the
     * configured timeouts too, though the service's preflight phase normally hands it the fingerprint instead.
     */
    @Bean
    ScanEngine scanEngine(TargetPolicy policy, ScanLimitsProperties limits, TargetProperties properties,
                          Clock clock) {
        return new ScanEngine(policy, limits.serverMaxima(), ScanEngine.CLIENT_SETTINGS, DistressPolicy.DEFAULT,
                preflightOptions(properties), clock);
    }

    private static TargetClientOptions preflightOptions(TargetProperties properties) {
        return TargetClientOptions.defaults().withTimeouts(properties.connectTimeout(), properties.responseTimeout());
    }
}
