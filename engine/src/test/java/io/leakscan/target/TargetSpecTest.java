package io.leakscan.target;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which address and headers the telemetry client gets. */
class TargetSpecTest {

    private static final URI API = URI.create("http://127.0.0.1:8081");
    private static final URI ADMIN = URI.create("http://127.0.0.1:6060");

    @Test
    void withoutATelemetryAddressTelemetryIsReadFromTheBaseUrlWithBothSetsOfHeaders() {
        TargetSpec t = new TargetSpec(API, Map.of("Authorization", "Bearer api", "X-A", "1"), null,
                Map.of("X-A", "2"));
        assertThat(t.separateTelemetry()).isFalse();
        assertThat(t.telemetryTarget()).isEqualTo(new TargetSpec(API, Map.of("Authorization", "Bearer api",
                "X-A", "2")));
    }

    @Test
    void aSeparateTelemetryAddressGetsOnlyItsOwnHeadersNotTheApisCredentials() {
        TargetSpec t = new TargetSpec(API, Map.of("Authorization", "Bearer api"), ADMIN, Map.of("X-Admin", "k"));
        assertThat(t.separateTelemetry()).isTrue();
        assertThat(t.telemetryTarget()).isEqualTo(new TargetSpec(ADMIN, Map.of("X-Admin", "k")));
        assertThat(new TargetSpec(API, Map.of("Authorization", "Bearer api"), ADMIN, null).telemetryTarget()
                .headers()).isEmpty();
    }
}
