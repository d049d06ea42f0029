package io.leakscan.scan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The service's own metrics.
 *
 * @param refreshInterval how often the per-tenant queue gauges are re-read from the database
 */
@ConfigurationProperties("leakscan.metrics")
public record MetricsProperties(@DefaultValue("15s") Duration refreshInterval) {
}
