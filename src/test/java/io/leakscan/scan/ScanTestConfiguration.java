package io.leakscan.scan;

import io.leakscan.target.Preflight;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Test-only beans for contexts that run scans: a loopback preflight and the recording phase. */
@TestConfiguration(proxyBeanMethods = false)
public class ScanTestConfiguration {

    @Bean
    Preflight loopbackTestPreflight() {
        return new LoopbackTestPreflight();
    }

    @Bean
    RecordingPhase recordingPhase() {
        return new RecordingPhase();
    }
}
