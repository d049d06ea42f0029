package io.leakscan.scan;

import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.FailureCode;
import io.leakscan.target.Preflight;
import io.leakscan.target.PreflightResult;
import io.leakscan.target.TargetSpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class PreflightStepTest {

    final ScanQueue queue = mock(ScanQueue.class);
    final UUID id = UUID.randomUUID();
    final PipelineContext ctx = new PipelineContext(new ScanQueue.Claimed(id, UUID.randomUUID(), 1, "{}"),
            new ScanSpec(new TargetSpec(URI.create("http://127.0.0.1:1"), null), null, Profile.QUICK, false, null,
                    new ScanLimits(1, 1, 1), null),
            "node", queue, mock(ScanResultStore.class), JsonMapper.builder().build(), Clock.systemUTC(), new ScanCancellation());

    static PreflightStep phase(Preflight preflight) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (preflight != null) {
            beans.addBean("preflight", preflight);
        }
        return new PreflightStep(beans.getBeanProvider(Preflight.class));
    }

    @Test
    void aPassingPreflightRecordsTheFingerprint() {
        EchoFingerprint fingerprint = new EchoFingerprint(true, 4, 0.9, List.of("404 body"));
        phase(t -> new PreflightResult.Passed(fingerprint)).run(ctx);
        verify(queue).recordJson(eq(id), eq("node"), eq(1), eq("fingerprint"), contains("\"majorVersion\":4"));
        // handed on, so the engine phase does not check the target a second time
        assertThat(ctx.get(PreflightStep.PASSED)).contains(fingerprint);
    }

    @Test
    void aPoolTimeoutOnTheStageOrFingerprintWriteDoesNotFailTheScanAndTheFingerprintIsWrittenWithTheResults() {
        // under load the pool times out (bench/load-scans.sh: 2 scans FAILED INTERNAL_ERROR at preflight)
        CannotGetJdbcConnectionException timeout = new CannotGetJdbcConnectionException("pool timed out");
        doThrow(timeout).when(queue).stage(any(), any(), anyInt(), any(), any());
        doThrow(timeout).doNothing().when(queue).recordJson(eq(id), eq("node"), eq(1), eq("fingerprint"), any());
        EchoFingerprint fingerprint = new EchoFingerprint(true, 4, 0.9, List.of("404 body"));
        ScanPipeline pipeline = new ScanPipeline(List.of(phase(t -> new PreflightResult.Passed(fingerprint))));

        assertThat(pipeline.run(ctx)).isEqualTo(new ScanPipeline.Outcome.Succeeded());
        assertThat(ctx.get(PreflightStep.PASSED)).contains(fingerprint);
        ctx.recordResults(null, List.of());
        verify(queue, times(2)).recordJson(eq(id), eq("node"), eq(1), eq("fingerprint"), contains("\"majorVersion\":4"));
        // written: not again with a later result
        ctx.recordResults(null, List.of());
        verify(queue, times(2)).recordJson(eq(id), eq("node"), eq(1), eq("fingerprint"), any());
    }

    @Test
    void aFailingPreflightFailsTheScanWithItsCode() {
        assertThatThrownBy(() -> phase(t -> new PreflightResult.Failed(FailureCode.TARGET_NOT_ALLOWED,
                "169.254.169.254 is a cloud metadata address")).run(ctx))
                .isInstanceOfSatisfying(ScanFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo("TARGET_NOT_ALLOWED");
                    assertThat(e.getMessage()).contains("metadata");
                });
    }

    @Test
    void withoutAPreflightEveryScanFailsRatherThanRunUnchecked() {
        assertThatThrownBy(() -> phase(null).run(ctx))
                .isInstanceOfSatisfying(ScanFailedException.class,
                        e -> assertThat(e.code()).isEqualTo("PREFLIGHT_UNAVAILABLE"));
    }
}
