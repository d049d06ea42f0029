package io.leakscan.scan;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Test-only beans for contexts that run scans: the recording phase after the real preflight (which allows loopback
 * by default, so the tests' local servers can be scanned).
 */
@TestConfiguration(proxyBeanMethods = false)
public class ScanTestConfiguration {

    @Bean
    RecordingStep recordingStep() {
        return new RecordingStep();
    }
}
