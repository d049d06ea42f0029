package io.leakscan.telemetry.parse;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A parsed Prometheus text (0.0.4) or OpenMetrics 1.0 exposition.
 *
 * @param format  which syntax it was
 * @param samples every sample line, in order
 * @param types   metric family name to its {@code # TYPE}
 */
public record MetricsScrape(Format format, List<MetricSample> samples, Map<String, String> types) {

    public enum Format { PROMETHEUS_TEXT, OPENMETRICS }

    public MetricsScrape {
        samples = List.copyOf(samples);
        types = Map.copyOf(types);
    }

    /**
     * @param name            sample name (with _total/_count/_sum/_bucket suffix as exposed)
     * @param labels          label pairs, empty when none
     * @param value           the value; NaN and infinities allowed
     * @param timestampMillis exposition timestamp in milliseconds, or null
     */
    public record MetricSample(String name, Map<String, String> labels, double value, Long timestampMillis) {
        public MetricSample {
            labels = labels.isEmpty() ? Map.of() : Map.copyOf(labels);
        }
    }

    /** The first sample of that name without labels. */
    public OptionalDouble value(String name) {
        for (MetricSample s : samples) {
            if (s.name().equals(name) && s.labels().isEmpty()) {
                return OptionalDouble.of(s.value());
            }
        }
        return OptionalDouble.empty();
    }
}
