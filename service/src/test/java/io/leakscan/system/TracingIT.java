package io.leakscan.system;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenTelemetry through Boot's starter: by default no exporter exists, so no span leaves the service, and no metrics
 * are pushed, even with an OTLP endpoint configured; with {@code LEAKSCAN_TRACING_ENABLED=true} the spans of served
 * requests reach the exporters (an in-process one here).
 */
class TracingIT {

    /** Keeps what it is given, as an OTLP exporter would send it. */
    static final class RecordingExporter implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        RecordingExporter recordingExporter() {
            return new RecordingExporter();
        }
    }

    abstract static class ServedRequests {
        @LocalServerPort
        int port;
        @Autowired
        RecordingExporter exporter;
        @Autowired
        ApplicationContext context;

        /** Serves a few dashboard pages, then flushes whatever the tracer batched. */
        List<SpanData> spansOfRequests() throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/sign-in")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
            context.getBeanProvider(SdkTracerProvider.class).ifAvailable(p ->
                    p.forceFlush().join(10, TimeUnit.SECONDS));
            return exporter.spans;
        }
    }

    /** An endpoint is configured, as a hosted deployment might leave it, but the switch is not on. */
    @Nested
    @SpringBootTest(properties = {"leakscan.worker.enabled=false",
            "management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces",
            "management.otlp.metrics.export.url=http://127.0.0.1:9/v1/metrics"})
    class ByDefault {

        @Autowired
        ApplicationContext context;

        @Test
        void noExporterIsMadeAndNoMetricsArePushed() {
            assertThat(context.getBeanNamesForType(SpanExporter.class)).isEmpty();
            assertThat(context.getBeanNamesForType(OtlpMeterRegistry.class)).isEmpty();
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"leakscan.worker.enabled=false", "LEAKSCAN_TRACING_ENABLED=true",
                    "LEAKSCAN_TRACING_SAMPLING=1.0",
                    // the discard port: the OTLP exporter exists, and its sends fail fast on loopback
                    "management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces"})
    @Import(Recording.class)
    class WhenEnabled extends ServedRequests {

        @Test
        void theSpansOfServedRequestsReachTheExporter() throws Exception {
            assertThat(context.getBeanNamesForType(SpanExporter.class)).hasSizeGreaterThanOrEqualTo(2);
            List<SpanData> spans = spansOfRequests();
            assertThat(spans).extracting(SpanData::getName).contains("http get /sign-in");
            assertThat(spans).filteredOn(s -> s.getName().equals("http get /sign-in")).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(s -> assertThat(s.getTraceId()).hasSize(32));
        }
    }
}
